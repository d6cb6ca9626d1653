// The pictures the display shows besides text: a person after the count, a
// heart after that, and a sign that the server cannot be reached.
#ifndef COMMON_SENSE_HAT_ICONS_H_
#define COMMON_SENSE_HAT_ICONS_H_

#include <string>
#include <utility>
#include <vector>

#include "common/sense_hat/frame.h"

namespace sense_hat {

// The colours the display uses.
namespace colours {
constexpr Rgb kBlack{0, 0, 0};
constexpr Rgb kText{255, 255, 255};
constexpr Rgb kName{255, 200, 0};
constexpr Rgb kSkin{255, 190, 140};
constexpr Rgb kShirt{0, 120, 255};
constexpr Rgb kTrousers{40, 40, 160};
constexpr Rgb kHeart{255, 0, 40};
constexpr Rgb kAlarm{255, 0, 0};
constexpr Rgb kDim{60, 0, 0};
}  // namespace colours

// A frame drawn as 8 rows of 8 characters; `palette` maps each character to
// a colour ('.' is black unless mapped). Returns a black frame if the art
// has the wrong size or an unmapped character (the icons below are tested).
Frame DrawFrame(const std::vector<std::string>& rows,
                const std::vector<std::pair<char, Rgb>>& palette);

Frame PersonIcon();
Frame HeartIcon();
// A red cross on a dim red border: "no server".
Frame DisconnectedIcon();

}  // namespace sense_hat

#endif  // COMMON_SENSE_HAT_ICONS_H_
