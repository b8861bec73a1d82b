# Core unit tests: utilities and the pipeline with a synthetic walker.
dft_unit_test(test_core_util ${CMAKE_CURRENT_LIST_DIR}/test_util.c)
dft_unit_test(test_core_pipeline ${CMAKE_CURRENT_LIST_DIR}/test_pipeline.c)
dft_unit_test(test_core_typer ${CMAKE_CURRENT_LIST_DIR}/test_typer.c)
dft_unit_test(test_core_siblings ${CMAKE_CURRENT_LIST_DIR}/test_siblings.c)
