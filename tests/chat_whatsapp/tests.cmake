# tests/chat_whatsapp: the WhatsApp parsers (parsers/chat_whatsapp*.c).
#  chat_whatsapp_fixtures  builds the fixture databases (make_fixtures.py, python3 sqlite3) once
#  test_chat_whatsapp      the parsers called directly with a recording sink (exact rows)
#  e2e_chat_whatsapp       dftriage ingest of the fixtures as directory and tar evidence (own copy)
set(_wa ${CMAKE_CURRENT_LIST_DIR})
add_test(NAME chat_whatsapp_fixtures
         COMMAND python3 ${_wa}/make_fixtures.py ${CMAKE_BINARY_DIR}/chat_whatsapp_fx)
set_tests_properties(chat_whatsapp_fixtures PROPERTIES FIXTURES_SETUP chat_whatsapp_fx TIMEOUT 60)

add_executable(test_chat_whatsapp ${_wa}/test_chat_whatsapp.c)
target_link_libraries(test_chat_whatsapp PRIVATE dftcore)
target_include_directories(test_chat_whatsapp PRIVATE ${CMAKE_SOURCE_DIR}/tests/core)
add_test(NAME test_chat_whatsapp COMMAND test_chat_whatsapp ${CMAKE_BINARY_DIR}/chat_whatsapp_fx)
set_tests_properties(test_chat_whatsapp PROPERTIES FIXTURES_REQUIRED chat_whatsapp_fx
                     ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")

add_test(NAME e2e_chat_whatsapp
         COMMAND bash ${_wa}/e2e_chat_whatsapp.sh ${DFT_BIN} ${DFT_TESTIMAGES} ${CMAKE_BINARY_DIR}/e2e/e2e_chat_whatsapp
                 ${_wa}/make_fixtures.py)
set_tests_properties(e2e_chat_whatsapp PROPERTIES
  FIXTURES_REQUIRED dft_testimages TIMEOUT 180 SKIP_RETURN_CODE 77 LABELS e2e
  ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")

# The parser-only benchmark tool (bench/chat_bench.c; run by hand, see docs/chat-whatsapp.md).
add_executable(chat_bench ${CMAKE_SOURCE_DIR}/bench/chat_bench.c)
target_link_libraries(chat_bench PRIVATE dftcore)
