# tests/chat_telegram: the TL reader and the Telegram Android cache4.db parser (unit, on a dump built
# by mk_telegram.py at test time), and the whole ingest of that dump as a tar (e2e).
dft_unit_test(test_chat_telegram ${CMAKE_CURRENT_LIST_DIR}/test_chat_telegram.c)
target_include_directories(test_chat_telegram PRIVATE ${CMAKE_SOURCE_DIR}/tests/core ${CMAKE_CURRENT_LIST_DIR})
target_compile_definitions(test_chat_telegram PRIVATE DFT_TG_DIR="${CMAKE_CURRENT_LIST_DIR}")

add_test(NAME e2e_chat_telegram
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/e2e_telegram.sh $<TARGET_FILE:dftriage> ${CMAKE_CURRENT_LIST_DIR}
                 ${CMAKE_BINARY_DIR}/e2e/chat_telegram)
set_tests_properties(e2e_chat_telegram PROPERTIES TIMEOUT 120)
