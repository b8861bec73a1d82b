# tests/documents: document text extraction (issue 11): encodings, CSV, OOXML.
dft_unit_test(test_textenc_csv ${CMAKE_CURRENT_LIST_DIR}/test_textenc_csv.c)
# Fixtures (real OOXML zips + hostile ones) are written at test time by gen_docs.py.
set(DFT_DOC_FIXTURES ${CMAKE_BINARY_DIR}/tests/documents/fixtures)
add_test(NAME documents_fixtures COMMAND python3 ${CMAKE_CURRENT_LIST_DIR}/gen_docs.py ${DFT_DOC_FIXTURES})
set_tests_properties(documents_fixtures PROPERTIES FIXTURES_SETUP documents_fx)
add_executable(test_ooxml ${CMAKE_CURRENT_LIST_DIR}/test_ooxml.c)
target_link_libraries(test_ooxml PRIVATE dftcore)
add_test(NAME test_ooxml COMMAND test_ooxml ${DFT_DOC_FIXTURES})
set_tests_properties(test_ooxml PROPERTIES FIXTURES_REQUIRED documents_fx TIMEOUT 120
                     ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")
