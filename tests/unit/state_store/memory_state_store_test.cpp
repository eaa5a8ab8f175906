// The in-memory state store runs the state_store conformance suite.

#include <quark/runtime/state_store.hpp>
#include <quark/testing/state_store_conformance.hpp>

namespace {

struct memory_factory {
  static std::shared_ptr<quark::state_store> make() { return quark::make_memory_state_store(); }
};

}  // namespace

namespace quark::testing {
INSTANTIATE_TYPED_TEST_SUITE_P(memory, state_store_conformance, ::testing::Types<memory_factory>);
}  // namespace quark::testing
