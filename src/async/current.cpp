#include <quark/async/run_on.hpp>

namespace quark::detail {
namespace {
thread_local boost::asio::io_context* current_ctx = nullptr;
}

boost::asio::io_context* current_io_context() noexcept { return current_ctx; }
void set_current_io_context(boost::asio::io_context* ctx) noexcept { current_ctx = ctx; }

}  // namespace quark::detail
