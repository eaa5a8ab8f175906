// A consumer of the installed package: one actor on a SQLite-backed silo.
#include <quark/quark.hpp>
#include <quark/sqlite/state_store.hpp>

#include <cstdio>
#include <filesystem>

class counter : public quark::actor<counter> {
 public:
  quark::task<int> add(int n) { co_return value_ += n; }

 private:
  int value_ = 0;
};
QUARK_ACTOR(counter, "consumer.counter", add);

int main() {
  auto db = std::filesystem::temp_directory_path() / "quark-consumer.db";
  quark::silo silo{quark::silo_options{}.with_shards(1).with_store(quark::sqlite::open_state_store(db))};
  return silo.run([](quark::client& c) -> quark::task<void> {
    int v = co_await c.ref<counter>("c").call<&counter::add>(40);
    v = co_await c.ref<counter>("c").call<&counter::add>(2);
    std::printf("consumer: counter = %d\n", v);
  });
}
