# tests/chat_apps: the "other chat apps" parsers (parsers/chat_line.c, chat_viber.c, ...).
#  chat_apps_fixtures  builds the fixture dump (make_fixtures.py, python3 sqlite3) once
#  test_chat_apps      the parsers called directly with a recording sink (exact rows)
#  e2e_chat_apps       dftriage ingest of the dump as directory evidence (own copy)
set(_ca ${CMAKE_CURRENT_LIST_DIR})
add_test(NAME chat_apps_fixtures
         COMMAND python3 ${_ca}/make_fixtures.py ${CMAKE_BINARY_DIR}/chat_apps_fx)
set_tests_properties(chat_apps_fixtures PROPERTIES FIXTURES_SETUP chat_apps_fx TIMEOUT 60)

add_executable(test_chat_apps ${_ca}/test_chat_apps.c)
target_link_libraries(test_chat_apps PRIVATE dftcore)
target_include_directories(test_chat_apps PRIVATE ${CMAKE_SOURCE_DIR}/tests/chat_common ${CMAKE_SOURCE_DIR}/tests/core ${CMAKE_SOURCE_DIR}/parsers)
add_test(NAME test_chat_apps COMMAND test_chat_apps ${CMAKE_BINARY_DIR}/chat_apps_fx)
set_tests_properties(test_chat_apps PROPERTIES FIXTURES_REQUIRED chat_apps_fx
                     ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")

add_test(NAME e2e_chat_apps
         COMMAND bash ${_ca}/e2e_chat_apps.sh ${DFT_BIN} ${DFT_TESTIMAGES} ${CMAKE_BINARY_DIR}/e2e/e2e_chat_apps
                 ${_ca}/make_fixtures.py)
set_tests_properties(e2e_chat_apps PROPERTIES
  FIXTURES_REQUIRED dft_testimages TIMEOUT 180 SKIP_RETURN_CODE 77 LABELS e2e
  ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")
