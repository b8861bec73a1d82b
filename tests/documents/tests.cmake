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
# End to end: the documents plugin on a directory of documents, with the e2e marker scanner
# (tests/e2e/marker_plugin.c, built here into our own plugin directory) finding MARKER-* tokens in
# the decoded text: exact forensic paths and offsets.
add_library(dft_documents_marker MODULE ${CMAKE_SOURCE_DIR}/tests/e2e/marker_plugin.c)
target_include_directories(dft_documents_marker PRIVATE ${CMAKE_SOURCE_DIR}/core)
set_target_properties(dft_documents_marker PROPERTIES PREFIX "" OUTPUT_NAME marker_plugin
  LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests/documents/plugins)
add_test(NAME e2e_documents
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/e2e_documents.sh $<TARGET_FILE:dftriage> ${DFT_DOC_FIXTURES}
                 ${CMAKE_BINARY_DIR}/tests/documents/plugins ${CMAKE_BINARY_DIR}/tests/documents/e2e)
set_tests_properties(e2e_documents PROPERTIES FIXTURES_REQUIRED documents_fx TIMEOUT 180 LABELS e2e
                     ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")
# Second batch (ODF, PPTX, RTF, HTML, PDF, notes databases): fixtures by gen_docfmt.py at test time.
set(DFT_DOCFMT_FIXTURES ${CMAKE_BINARY_DIR}/tests/documents/docfmt)
add_test(NAME docfmt_fixtures COMMAND python3 ${CMAKE_CURRENT_LIST_DIR}/gen_docfmt.py ${DFT_DOCFMT_FIXTURES})
set_tests_properties(docfmt_fixtures PROPERTIES FIXTURES_SETUP docfmt_fx)
add_executable(test_docfmt ${CMAKE_CURRENT_LIST_DIR}/test_docfmt.c)
target_link_libraries(test_docfmt PRIVATE dftcore)
add_test(NAME test_docfmt COMMAND test_docfmt ${DFT_DOCFMT_FIXTURES})
set_tests_properties(test_docfmt PROPERTIES FIXTURES_REQUIRED docfmt_fx TIMEOUT 120
                     ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")
add_test(NAME e2e_docfmt
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/e2e_docfmt.sh $<TARGET_FILE:dftriage> ${DFT_DOCFMT_FIXTURES}
                 ${CMAKE_BINARY_DIR}/tests/documents/plugins ${CMAKE_BINARY_DIR}/tests/documents/e2e_docfmt)
set_tests_properties(e2e_docfmt PROPERTIES FIXTURES_REQUIRED docfmt_fx TIMEOUT 180 LABELS e2e
                     ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")
