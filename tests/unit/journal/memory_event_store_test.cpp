// The in-memory event store runs the event_store conformance suite.

#include <quark/testing/event_store_conformance.hpp>

namespace {

struct memory_factory {
  static std::shared_ptr<quark::event_store> make() { return quark::make_memory_event_store(); }
};

}  // namespace

namespace quark::testing {
INSTANTIATE_TYPED_TEST_SUITE_P(memory, event_store_conformance, ::testing::Types<memory_factory>);
}  // namespace quark::testing
