// The service config of the retries example: a retry policy for the
// calculator's Divide, as JSON (gRPC's service config format, the same in
// every language).
#ifndef EXAMPLES_RETRIES_RETRY_POLICY_H_
#define EXAMPLES_RETRIES_RETRY_POLICY_H_

namespace retries {

// [START retry_policy]
// Up to 4 attempts of Divide in all; a retry only on UNAVAILABLE (the server
// could not take the call, so it did not run it), after a pause of about
// 0.1 s, then 0.2 s, 0.4 s (exponential backoff, with random jitter).
inline constexpr char kRetryServiceConfig[] = R"json({
  "methodConfig": [{
    "name": [{"service": "calculator.v1.Calculator", "method": "Divide"}],
    "retryPolicy": {
      "maxAttempts": 4,
      "initialBackoff": "0.1s",
      "maxBackoff": "1s",
      "backoffMultiplier": 2,
      "retryableStatusCodes": ["UNAVAILABLE"]
    }
  }]
})json";
// [END retry_policy]

}  // namespace retries

#endif  // EXAMPLES_RETRIES_RETRY_POLICY_H_
