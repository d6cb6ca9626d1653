"""cc_fuzz_test: a libFuzzer target that is also a regression test.

    cc_fuzz_test(
        name = "csv_import_fuzz_test",
        srcs = ["csv_import_fuzzer.cc"],   # defines LLVMFuzzerTestOneInput
        corpus = glob(["corpus/csv_import/*"]),
        deps = [":csv_import"],
    )

Every build (`./bazelw test //...`, gcc): the test replays each file of the
corpus through the target (//common/testing:fuzz_replay_main), so an input
that once crashed it, added to the corpus, stays fixed.

With `--config=asan` (clang, AddressSanitizer and UndefinedBehaviorSanitizer;
`--config=fuzz` is the same) the target links libFuzzer instead: the test
then replays the corpus under the sanitizers, and tools/fuzz/run_fuzzers.sh
runs the same binary as a fuzzer for a bounded time, starting from the
corpus.
"""

def cc_fuzz_test(name, srcs, corpus, deps = [], size = "small", **kwargs):
    native.filegroup(
        name = name + "_corpus",
        srcs = corpus,
        testonly = True,
    )
    native.cc_test(
        name = name,
        size = size,
        srcs = srcs,
        # Each file is one input (libFuzzer reads file arguments the same way).
        args = ["$(rootpaths :%s_corpus)" % name],
        data = [":%s_corpus" % name],
        deps = deps + select({
            "//bazel:fuzzing": [],
            "//conditions:default": ["//common/testing:fuzz_replay_main"],
        }),
        linkopts = select({
            "//bazel:fuzzing": ["-fsanitize=fuzzer"],
            "//conditions:default": [],
        }),
        tags = ["fuzz"],
        **kwargs
    )
