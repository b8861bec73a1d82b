# tests/parsers: format readers tested alone (no case store).
dft_unit_test(test_sqlite_safe ${CMAKE_CURRENT_LIST_DIR}/test_sqlite_safe.c)
target_include_directories(test_sqlite_safe PRIVATE ${CMAKE_SOURCE_DIR}/tests/core)
set_tests_properties(test_sqlite_safe PROPERTIES TIMEOUT 120)
# Base58Check and Bech32/Bech32m against published vectors (crypto issue: validated addresses).
dft_unit_test(test_crypto_codecs ${CMAKE_CURRENT_LIST_DIR}/test_crypto_codecs.c)
# Phone numbers to E.164 through the libphonenumber shim (parsers/phone_shim.cc).
dft_unit_test(test_phone ${CMAKE_CURRENT_LIST_DIR}/test_phone.c)
