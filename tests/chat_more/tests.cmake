# tests/chat_more: the "more chat apps" parsers (parsers/chat_signal.c, chat_skype.c, chat_viber_ios.c ...).
#  chat_more_fixtures  builds the fixture dump (make_fixtures.py, python3 sqlite3) once
#  test_chat_more      the parsers called directly with a recording sink (exact rows)
#  e2e_chat_more       dftriage ingest of the dump as directory evidence (own copy)
set(_cm ${CMAKE_CURRENT_LIST_DIR})
add_test(NAME chat_more_fixtures
         COMMAND python3 ${_cm}/make_fixtures.py ${CMAKE_BINARY_DIR}/chat_more_fx)
set_tests_properties(chat_more_fixtures PROPERTIES FIXTURES_SETUP chat_more_fx TIMEOUT 60)

add_executable(test_chat_more ${_cm}/test_chat_more.c)
target_link_libraries(test_chat_more PRIVATE dftcore)
target_include_directories(test_chat_more PRIVATE ${CMAKE_SOURCE_DIR}/tests/chat_common ${CMAKE_SOURCE_DIR}/tests/core ${CMAKE_SOURCE_DIR}/parsers)
add_test(NAME test_chat_more COMMAND test_chat_more ${CMAKE_BINARY_DIR}/chat_more_fx)
set_tests_properties(test_chat_more PROPERTIES FIXTURES_REQUIRED chat_more_fx
                     ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")

add_test(NAME e2e_chat_more
         COMMAND bash ${_cm}/e2e_chat_more.sh ${DFT_BIN} ${DFT_TESTIMAGES} ${CMAKE_BINARY_DIR}/e2e/e2e_chat_more
                 ${_cm}/make_fixtures.py)
set_tests_properties(e2e_chat_more PROPERTIES
  FIXTURES_REQUIRED dft_testimages TIMEOUT 180 SKIP_RETURN_CODE 77 LABELS e2e
  ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")
