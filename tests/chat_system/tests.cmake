# tests/chat_system: the SMS/MMS, Google Messages, iMessage, contacts and call-log parsers.
#  chat_system_fixtures  builds the databases (make_fixtures.py, python3 sqlite3) once (fixture)
#  test_chat_system      the parsers called directly with a recording sink, exact rows
#  e2e_chat_system       dftriage ingest of a tar dump holding them, rows checked with sqlite3
set(DFT_CHATSYS_DIR ${CMAKE_CURRENT_LIST_DIR})
set(DFT_CHATSYS_WORK ${CMAKE_BINARY_DIR}/chat_system)

add_test(NAME chat_system_fixtures
         COMMAND python3 ${DFT_CHATSYS_DIR}/make_fixtures.py ${DFT_CHATSYS_WORK}/fixtures)
set_tests_properties(chat_system_fixtures PROPERTIES FIXTURES_SETUP dft_chat_system TIMEOUT 60)

add_executable(test_chat_system ${DFT_CHATSYS_DIR}/test_chat_system.c)
target_link_libraries(test_chat_system PRIVATE dftcore)
target_include_directories(test_chat_system PRIVATE ${CMAKE_SOURCE_DIR}/tests/core ${CMAKE_SOURCE_DIR}/parsers)
add_test(NAME test_chat_system COMMAND test_chat_system ${DFT_CHATSYS_WORK}/fixtures)
set_tests_properties(test_chat_system PROPERTIES FIXTURES_REQUIRED dft_chat_system
                     ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")

add_test(NAME e2e_chat_system
         COMMAND bash ${DFT_CHATSYS_DIR}/e2e_chat_system.sh $<TARGET_FILE:dftriage> ${DFT_TESTIMAGES}
                 ${DFT_CHATSYS_WORK}/e2e ${DFT_CHATSYS_WORK}/fixtures)
set_tests_properties(e2e_chat_system PROPERTIES
  FIXTURES_REQUIRED "dft_testimages;dft_chat_system" TIMEOUT 180 SKIP_RETURN_CODE 77 LABELS e2e
  ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")
