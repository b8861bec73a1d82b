# tests/chat_extra: the "extra chat apps" parsers (parsers/chat_samsung_rcs.c).
#  chat_extra_fixtures  builds the fixture dump (make_fixtures.py, python3 sqlite3) once
#  test_chat_extra      the parsers called directly with a recording sink (exact rows)
#  e2e_chat_extra       dftriage ingest of the dump as directory evidence (own copy)
set(_cx ${CMAKE_CURRENT_LIST_DIR})
add_test(NAME chat_extra_fixtures
         COMMAND python3 ${_cx}/make_fixtures.py ${CMAKE_BINARY_DIR}/chat_extra_fx)
set_tests_properties(chat_extra_fixtures PROPERTIES FIXTURES_SETUP chat_extra_fx TIMEOUT 60)

add_executable(test_chat_extra ${_cx}/test_chat_extra.c)
target_link_libraries(test_chat_extra PRIVATE dftcore)
target_include_directories(test_chat_extra PRIVATE ${CMAKE_SOURCE_DIR}/tests/chat_common ${CMAKE_SOURCE_DIR}/tests/core ${CMAKE_SOURCE_DIR}/parsers)
add_test(NAME test_chat_extra COMMAND test_chat_extra ${CMAKE_BINARY_DIR}/chat_extra_fx)
set_tests_properties(test_chat_extra PROPERTIES FIXTURES_REQUIRED chat_extra_fx
                     ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")

add_test(NAME e2e_chat_extra
         COMMAND bash ${_cx}/e2e_chat_extra.sh ${DFT_BIN} ${DFT_TESTIMAGES} ${CMAKE_BINARY_DIR}/e2e/e2e_chat_extra
                 ${_cx}/make_fixtures.py)
set_tests_properties(e2e_chat_extra PROPERTIES
  FIXTURES_REQUIRED dft_testimages TIMEOUT 180 SKIP_RETURN_CODE 77 LABELS e2e
  ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")
