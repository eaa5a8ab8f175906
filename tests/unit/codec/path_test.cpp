// quark::codec::path: rendering and the depth limit.
#include <quark/codec/path.hpp>  // first: the header compiles on its own

#include <quark/base/error.hpp>

#include <gtest/gtest.h>

namespace {

using quark::codec::path;

TEST(codec_path, empty_path_is_the_root) {
  path p;
  EXPECT_EQ(p.str(), "$");
  EXPECT_EQ(p.depth(), 0u);
}

TEST(codec_path, renders_fields_indices_and_keys) {
  path p;
  auto a = p.field("order");
  auto b = p.field("items");
  {
    auto c = p.index(3);
    auto d = p.field("sku");
    EXPECT_EQ(p.str(), "$.order.items[3].sku");
    EXPECT_EQ(p.depth(), 4u);
  }
  auto e = p.key("a\"b");
  EXPECT_EQ(p.str(), R"($.order.items["a\"b"])");
}

TEST(codec_path, scopes_pop_their_segment) {
  path p;
  { auto s = p.field("x"); }
  EXPECT_EQ(p.str(), "$");
}

TEST(codec_path, fail_throws_codec_error_with_path_as_context) {
  path p;
  auto s = p.index(0);
  try {
    p.fail("bad");
    FAIL() << "no throw";
  } catch (const quark::codec_error& e) {
    EXPECT_EQ(e.value().code, quark::errc::codec);
    EXPECT_EQ(e.value().message, "bad");
    EXPECT_EQ(e.value().context, "$[0]");
  }
}

TEST(codec_path, descending_past_max_depth_throws_codec_error) {
  path p;
  // Segments are popped in reverse order at scope exit; hold them in a recursive helper.
  struct descend {
    static void to(path& at, std::size_t n) {
      if (n == 0) return;
      auto s = at.index(n);
      to(at, n - 1);
    }
  };
  EXPECT_NO_THROW(descend::to(p, path::max_depth));
  EXPECT_EQ(p.depth(), 0u);
  EXPECT_THROW(descend::to(p, path::max_depth + 1), quark::codec_error);
  EXPECT_EQ(p.depth(), 0u);  // every scope unwound
}

}  // namespace
