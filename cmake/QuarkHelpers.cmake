# quark_test(<name> SOURCES ... [LIBS ...] [LABELS ...] [SERIAL <test> ...])
# One GoogleTest binary; every TEST in it becomes a CTest test carrying LABELS (set on the
# directory, so binaries sharing a directory share their labels).
function(quark_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS;SERIAL" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} quark::testing GTest::gmock GTest::gtest_main quark_warnings)
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST PROPERTIES TIMEOUT 300)
  # Labels go on the directory: gtest_discover_tests splits a list-valued LABELS property
  # and keeps only its first item. Hence one test directory per label set.
  set_property(DIRECTORY APPEND PROPERTY LABELS ${ARG_LABELS})
  # SERIAL tests (e.g. one that restarts a shared server) run alone. The file is included
  # by CTest after the discovered tests exist.
  if(ARG_SERIAL)
    set(serial_file ${CMAKE_CURRENT_BINARY_DIR}/${name}_serial.cmake)
    file(WRITE ${serial_file} "set_tests_properties(${ARG_SERIAL} PROPERTIES RUN_SERIAL TRUE)\n")
    set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${serial_file})
  endif()
endfunction()

# quark_library(<name> [LINKS <deps...>])
# A library of the package beside the core: target quark_<name>, alias and export name
# quark::<name>, public headers in ./include, built on quark::core with the project's warnings.
function(quark_library name)
  cmake_parse_arguments(ARG "" "" "LINKS" ${ARGN})
  add_library(quark_${name} STATIC)
  add_library(quark::${name} ALIAS quark_${name})
  set_target_properties(quark_${name} PROPERTIES EXPORT_NAME ${name})
  target_include_directories(quark_${name} PUBLIC
    $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_link_libraries(quark_${name} PUBLIC quark::core PRIVATE quark_warnings)
endfunction()
