# tests/cryptoval: the crypto validators (parsers/keccak, cashaddr, cryptoaddr, bip39) against published
# vectors; the word lists are the ones the crypto_scan plugin ships.
dft_unit_test(test_cryptoaddr ${CMAKE_CURRENT_LIST_DIR}/test_cryptoaddr.c)
