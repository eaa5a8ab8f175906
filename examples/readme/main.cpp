#include <quark/quark.hpp>

#include <fmt/core.h>

#include <cstdint>

class counter : public quark::actor<counter> {
 public:
  quark::task<std::int64_t> add(std::int64_t n) {
    value_ += n;
    co_return value_;
  }

 private:
  std::int64_t value_ = 0;
};
QUARK_ACTOR(counter, "readme.counter", add);

quark::task<void> app(quark::client& client) {
  auto alice = client.ref<counter>("alice");
  co_await alice.call<&counter::add>(2);
  std::int64_t total = co_await alice.call<&counter::add>(3);
  fmt::print("alice = {}\n", total);
}

int main() {
  quark::silo silo{quark::silo_options{}.with_shards(1)};
  return silo.run(app);
}
