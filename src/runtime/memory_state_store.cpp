// placeholder: owned by the state-store work
#include <quark/runtime/state_store.hpp>
