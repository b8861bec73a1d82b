# tests/chat_export: the WhatsApp .txt and Telegram Desktop result.json parsers (unit, on exports
# written by mk_exports.py at test time) and the chat_export plugin through a whole ingest (e2e).
# chat_export_bench (not a test): parses a generated export and prints peak RSS (docs/chat-export.md).
dft_unit_test(test_chat_export ${CMAKE_CURRENT_LIST_DIR}/test_chat_export.c)
target_include_directories(test_chat_export PRIVATE ${CMAKE_SOURCE_DIR}/tests/core ${CMAKE_SOURCE_DIR}/tests/chat_telegram)
target_compile_definitions(test_chat_export PRIVATE DFT_EXPORT_DIR="${CMAKE_CURRENT_LIST_DIR}")

add_executable(chat_export_bench ${CMAKE_CURRENT_LIST_DIR}/chat_export_bench.c)
target_link_libraries(chat_export_bench PRIVATE dftcore)

add_test(NAME e2e_chat_export
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/e2e_export.sh $<TARGET_FILE:dftriage> ${CMAKE_CURRENT_LIST_DIR}
                 ${CMAKE_BINARY_DIR}/e2e/chat_export)
set_tests_properties(e2e_chat_export PROPERTIES TIMEOUT 120)
