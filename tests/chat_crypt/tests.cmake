# tests/chat_crypt: encrypted chat stores (parsers/wa_crypt.c, parsers/sqlcipher.c, parsers/chat_wechat.c,
# plugins/chat_decrypt/).
#  chat_crypt_mkfx        C fixture tool (crypt14/15 backups + key files; python3 has no AES)
#  chat_crypt_fixtures    builds the fixtures (make_fixtures.py: python3 sqlite3 + the sqlcipher shell)
#  test_chat_crypt        the parsers called directly (exact bytes and rows)
#  e2e_chat_crypt         dftriage ingest of the Android directory dump
set(_cc ${CMAKE_CURRENT_LIST_DIR})
add_executable(chat_crypt_mkfx ${_cc}/mkfx.c)
target_link_libraries(chat_crypt_mkfx PRIVATE dftcore)
add_test(NAME chat_crypt_fixtures
         COMMAND python3 ${_cc}/make_fixtures.py ${CMAKE_BINARY_DIR}/chat_crypt_fx $<TARGET_FILE:chat_crypt_mkfx>)
set_tests_properties(chat_crypt_fixtures PROPERTIES FIXTURES_SETUP chat_crypt_fx TIMEOUT 120)

add_executable(test_chat_crypt ${_cc}/test_chat_crypt.c)
target_link_libraries(test_chat_crypt PRIVATE dftcore)
target_include_directories(test_chat_crypt PRIVATE ${CMAKE_SOURCE_DIR}/tests/core)
add_test(NAME test_chat_crypt COMMAND test_chat_crypt ${CMAKE_BINARY_DIR}/chat_crypt_fx)
set_tests_properties(test_chat_crypt PROPERTIES FIXTURES_REQUIRED chat_crypt_fx TIMEOUT 120
                     ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")

add_test(NAME e2e_chat_crypt
         COMMAND bash ${_cc}/e2e_chat_crypt.sh ${DFT_BIN} ${DFT_TESTIMAGES} ${CMAKE_BINARY_DIR}/e2e/e2e_chat_crypt
                 ${_cc}/make_fixtures.py $<TARGET_FILE:chat_crypt_mkfx>)
set_tests_properties(e2e_chat_crypt PROPERTIES
  FIXTURES_REQUIRED dft_testimages TIMEOUT 300 SKIP_RETURN_CODE 77 LABELS e2e
  ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")
