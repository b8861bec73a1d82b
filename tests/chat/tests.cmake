# tests/chat: the shared chat helper layer (parsers/chatdb.c) and the chat plugin's glue.
dft_unit_test(test_chatdb ${CMAKE_CURRENT_LIST_DIR}/test_chatdb.c)
target_include_directories(test_chatdb PRIVATE ${CMAKE_SOURCE_DIR}/tests/core)
