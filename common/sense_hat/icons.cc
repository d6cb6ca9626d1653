#include "common/sense_hat/icons.h"

namespace sense_hat {

Frame DrawFrame(const std::vector<std::string>& rows,
                const std::vector<std::pair<char, Rgb>>& palette) {
  Frame frame;
  if (rows.size() != Frame::kHeight) return Frame();
  for (int y = 0; y < Frame::kHeight; ++y) {
    if (rows[y].size() != Frame::kWidth) return Frame();
    for (int x = 0; x < Frame::kWidth; ++x) {
      const char symbol = rows[y][x];
      if (symbol == '.') continue;
      bool known = false;
      for (const auto& [key, colour] : palette) {
        if (key == symbol) {
          frame.set(x, y, colour);
          known = true;
        }
      }
      if (!known) return Frame();
    }
  }
  return frame;
}

Frame PersonIcon() {
  return DrawFrame(
      {
          "...oo...",
          "..oooo..",
          "..oooo..",
          "...oo...",
          ".######.",
          "#.####.#",
          "..=..=..",
          "..=..=..",
      },
      {{'o', colours::kSkin},
       {'#', colours::kShirt},
       {'=', colours::kTrousers}});
}

Frame HeartIcon() {
  return DrawFrame(
      {
          "........",
          ".##..##.",
          "########",
          "########",
          ".######.",
          "..####..",
          "...##...",
          "........",
      },
      {{'#', colours::kHeart}});
}

Frame DisconnectedIcon() {
  return DrawFrame(
      {
          "dddddddd",
          "dX....Xd",
          "d.X..X.d",
          "d..XX..d",
          "d..XX..d",
          "d.X..X.d",
          "dX....Xd",
          "dddddddd",
      },
      {{'X', colours::kAlarm}, {'d', colours::kDim}});
}

}  // namespace sense_hat
