#include "common/sense_hat/frame_text.h"

#include <cctype>
#include <cstdio>
#include <map>
#include <sstream>

namespace sense_hat {
namespace {

constexpr char kSymbols[] =
    ".#abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+";

uint32_t Key(Rgb colour) {
  return (uint32_t{colour.r} << 16) | (uint32_t{colour.g} << 8) | colour.b;
}

std::string Hex(Rgb colour) {
  char text[8];
  std::snprintf(text, sizeof(text), "%02x%02x%02x", colour.r, colour.g,
                colour.b);
  return text;
}

bool ParseHex(const std::string& text, Rgb* colour) {
  if (text.size() != 6) return false;
  unsigned value = 0;
  for (char c : text) {
    const int digit = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                      : c >= 'a' && c <= 'f'                      ? c - 'a' + 10
                                                                  : -1;
    if (digit < 0) return false;
    value = value * 16 + static_cast<unsigned>(digit);
  }
  *colour = Rgb{static_cast<uint8_t>(value >> 16),
                static_cast<uint8_t>(value >> 8), static_cast<uint8_t>(value)};
  return true;
}

}  // namespace

std::string FramesToText(const std::vector<Frame>& frames) {
  std::map<uint32_t, char> symbols;
  std::string palette;
  std::string body;
  for (size_t i = 0; i < frames.size(); ++i) {
    body += "\nframe " + std::to_string(i) + "\n";
    for (int y = 0; y < Frame::kHeight; ++y) {
      for (int x = 0; x < Frame::kWidth; ++x) {
        const Rgb pixel = frames[i].at(x, y);
        auto [it, added] = symbols.emplace(Key(pixel), '\0');
        if (added) {
          // More colours than symbols would be a program error: the display
          // uses a handful.
          it->second = kSymbols[(symbols.size() - 1) % (sizeof(kSymbols) - 1)];
          palette +=
              std::string("colour ") + it->second + " " + Hex(pixel) + "\n";
        }
        body += it->second;
      }
      body += "\n";
    }
  }
  return palette + body;
}

bool FramesFromText(const std::string& text, std::vector<Frame>* frames,
                    std::string* error) {
  std::map<char, Rgb> colours;
  std::istringstream lines(text);
  std::string line;
  int number = 0;
  int row = Frame::kHeight;  // rows of the current frame read so far
  auto fail = [&](const std::string& message) {
    *error = "line " + std::to_string(number) + ": " + message;
    return false;
  };
  frames->clear();
  while (std::getline(lines, line)) {
    ++number;
    if (line.rfind("//", 0) == 0) continue;
    if (row < Frame::kHeight) {
      if (line.size() != Frame::kWidth) {
        return fail("a frame row has 8 symbols, this one has " +
                    std::to_string(line.size()));
      }
      for (int x = 0; x < Frame::kWidth; ++x) {
        auto it = colours.find(line[x]);
        if (it == colours.end()) {
          return fail(std::string("symbol '") + line[x] +
                      "' has no colour line");
        }
        frames->back().set(x, row, it->second);
      }
      ++row;
    } else if (line.empty()) {
      continue;
    } else if (line.rfind("colour ", 0) == 0) {
      Rgb colour;
      if (line.size() != 15 || line[8] != ' ' ||
          !ParseHex(line.substr(9), &colour)) {
        return fail("expected `colour <symbol> <rrggbb>`, got `" + line + "`");
      }
      colours[line[7]] = colour;
    } else if (line == "frame " + std::to_string(frames->size())) {
      frames->emplace_back();
      row = 0;
    } else {
      return fail("expected `frame " + std::to_string(frames->size()) +
                  "`, got `" + line + "`");
    }
  }
  if (row < Frame::kHeight) {
    ++number;
    return fail("the text ends inside frame " +
                std::to_string(frames->size() - 1));
  }
  return true;
}

}  // namespace sense_hat
