# tests/report: `dftriage report` (core/report, docs/report.md).
#   report_viewer_fresh  core/report/report_viewer.c is what gen_viewer.py makes of viewer.css/viewer.js
#   e2e_report           HTML/CSV/CASE outputs, escaping, redaction, determinism, refusal, schema-1 case
#   report_shacl         the CASE/UCO export validated with SHACL against the CASE 1.4.0 ontology (node)
#   report_browser       the HTML report in headless Chromium (DevTools protocol, node): loads with no
#                        console error and no request outside the report folder; counts; a screenshot
# The node tests install tests/report/package-lock.json into the build dir (npm ci --offline, then npm ci)
# once, as a fixture; they are skipped (77) when node/npm or Chromium are missing, never passed silently.
set(_rep_dir ${CMAKE_CURRENT_LIST_DIR})
set(_rep_work ${CMAKE_BINARY_DIR}/report)
find_package(Python3 COMPONENTS Interpreter)

add_test(NAME report_viewer_fresh COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/core/report/gen_viewer.py --check)

add_executable(report_reseal ${_rep_dir}/reseal.c)
target_link_libraries(report_reseal PRIVATE dftcore)

add_test(NAME e2e_report
         COMMAND bash ${_rep_dir}/e2e_report.sh ${DFT_BIN} ${DFT_TESTIMAGES} ${_rep_work}/e2e $<TARGET_FILE:report_reseal>)
set_tests_properties(e2e_report PROPERTIES FIXTURES_REQUIRED dft_testimages TIMEOUT 300 SKIP_RETURN_CODE 77
  LABELS e2e ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")

add_test(NAME report_node_modules COMMAND bash ${_rep_dir}/npm_install.sh ${_rep_dir} ${_rep_work}/node)
set_tests_properties(report_node_modules PROPERTIES FIXTURES_SETUP report_node TIMEOUT 600 SKIP_RETURN_CODE 77)

add_test(NAME report_shacl
         COMMAND bash ${_rep_dir}/shacl.sh ${DFT_BIN} ${DFT_TESTIMAGES} ${_rep_work}/shacl $<TARGET_FILE:report_reseal>
                 ${_rep_work}/node)
set_tests_properties(report_shacl PROPERTIES FIXTURES_REQUIRED "dft_testimages;report_node" TIMEOUT 900
  SKIP_RETURN_CODE 77 LABELS e2e)

add_test(NAME report_browser
         COMMAND bash ${_rep_dir}/browser.sh ${DFT_BIN} ${DFT_TESTIMAGES} ${_rep_work}/browser $<TARGET_FILE:report_reseal>
                 ${_rep_work}/node)
set_tests_properties(report_browser PROPERTIES FIXTURES_REQUIRED "dft_testimages;report_node" TIMEOUT 300
  SKIP_RETURN_CODE 77 LABELS e2e)

dft_unit_test(test_report_out ${_rep_dir}/test_report_out.c)
