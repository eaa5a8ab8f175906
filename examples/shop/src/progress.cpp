#include "progress.hpp"

#include "format.hpp"

#include <fmt/core.h>

#include <string>

#include <unistd.h>

namespace shop::detail {

namespace {

constexpr int bar_width = 30;
constexpr auto redraw_every = std::chrono::milliseconds(100);

progress_style resolve(std::FILE* out, progress_style style) {
  if (out == nullptr) return progress_style::none;
  if (style != progress_style::automatic) return style;
  return ::isatty(::fileno(out)) != 0 ? progress_style::bar : progress_style::lines;
}

}  // namespace

progress_meter::progress_meter(std::FILE* out, progress_style style, std::int64_t total)
    : out_(out), style_(resolve(out, style)), total_(total) {}

void progress_meter::update(std::int64_t done) {
  if (style_ == progress_style::bar) {
    auto now = clock::now();
    if (done != total_ && drawn_ && now - last_draw_ < redraw_every) return;
    last_draw_ = now;
    draw_bar(done);
  } else if (style_ == progress_style::lines && total_ > 0) {
    if (done * 4 < next_quarter_ * total_) return;
    while (next_quarter_ <= 4 && done * 4 >= next_quarter_ * total_) ++next_quarter_;
    fmt::print(out_, "     {}/{} orders ({}%)\n", with_commas(done), with_commas(total_), done * 100 / total_);
    std::fflush(out_);
  }
}

void progress_meter::finish() {
  if (style_ == progress_style::bar && drawn_) {
    fmt::print(out_, "\n");
    std::fflush(out_);
  }
}

void progress_meter::draw_bar(std::int64_t done) {
  int filled = total_ > 0 ? static_cast<int>(done * bar_width / total_) : bar_width;
  double seconds = std::chrono::duration<double>(clock::now() - start_).count();
  auto rate = seconds > 0 ? static_cast<std::int64_t>(static_cast<double>(done) / seconds) : 0;
  fmt::print(out_, "\r     [{}{}] {}/{} orders  {}/s   ", std::string(static_cast<std::size_t>(filled), '#'),
             std::string(static_cast<std::size_t>(bar_width - filled), '.'), with_commas(done), with_commas(total_),
             with_commas(rate));
  std::fflush(out_);
  drawn_ = true;
}

}  // namespace shop::detail
