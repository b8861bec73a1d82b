# tests/pdf: the PDF reader's child-process isolation (parsers/pdftext.c): same text as in-process, and
# a crashing or hanging reader costs its document only.
dft_unit_test(test_pdf_isolation ${CMAKE_CURRENT_LIST_DIR}/test_pdf_isolation.c)
target_include_directories(test_pdf_isolation PRIVATE ${CMAKE_SOURCE_DIR}/tests/core ${CMAKE_SOURCE_DIR})
set_tests_properties(test_pdf_isolation PROPERTIES TIMEOUT 60)
