#include "pi-demo/html.h"

#include <gtest/gtest.h>

namespace attendance {
namespace {

TEST(HtmlTest, EscapesEveryCharacterThatMeansSomething) {
  EXPECT_EQ(EscapeHtml("<script>alert(\"x\")</script>"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
  EXPECT_EQ(EscapeHtml("Robert'); DROP TABLE attendees;--"),
            "Robert&#39;); DROP TABLE attendees;--");
  EXPECT_EQ(EscapeHtml("Tom & Jerry"), "Tom &amp; Jerry");
  EXPECT_EQ(EscapeHtml("&amp;"), "&amp;amp;");  // escaped again, shown as typed
  EXPECT_EQ(EscapeHtml("Zoë"), "Zoë");
}

}  // namespace
}  // namespace attendance
