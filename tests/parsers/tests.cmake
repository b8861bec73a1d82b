# tests/parsers: format readers tested alone (no case store).
dft_unit_test(test_sqlite_safe ${CMAKE_CURRENT_LIST_DIR}/test_sqlite_safe.c)
target_include_directories(test_sqlite_safe PRIVATE ${CMAKE_SOURCE_DIR}/tests/core)
set_tests_properties(test_sqlite_safe PROPERTIES TIMEOUT 120)
