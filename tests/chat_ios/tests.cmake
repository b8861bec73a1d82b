# tests/chat_ios: iOS chat evidence (issue 9): attachment linking in full-file-system and iTunes-backup
# layouts (plugins/chat/chat.c find_attachment).
#  e2e_chat_ios   builds both layouts from the WhatsApp and system-app fixture builders, ingests each
set(_ci ${CMAKE_CURRENT_LIST_DIR})
add_test(NAME e2e_chat_ios
         COMMAND bash ${_ci}/e2e_chat_ios.sh ${DFT_BIN} ${DFT_TESTIMAGES} ${CMAKE_BINARY_DIR}/e2e/e2e_chat_ios
                 ${_ci}/make_fixtures.py ${CMAKE_SOURCE_DIR}/tests/chat_whatsapp/make_fixtures.py
                 ${CMAKE_SOURCE_DIR}/tests/chat_system/make_fixtures.py
                 ${CMAKE_SOURCE_DIR}/tests/chat_more/make_fixtures.py)
set_tests_properties(e2e_chat_ios PROPERTIES
  FIXTURES_REQUIRED dft_testimages TIMEOUT 180 SKIP_RETURN_CODE 77 LABELS e2e
  ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")
