# Phone-dump evidence (issue 3): tar/zip/adb/ufdr archives, iTunes backups, device paths.
# The images are built at test time by testimages/phone/build.sh (fixture containers_images).
set(DFT_PHONE_IMAGES ${DFT_TESTIMAGES}/phone)
set(_ct ${CMAKE_CURRENT_LIST_DIR})
add_test(NAME containers_build_images
         COMMAND sh ${_ct}/../../testimages/phone/build.sh ${DFT_PHONE_IMAGES})
set_tests_properties(containers_build_images PROPERTIES FIXTURES_SETUP containers_images)

dft_unit_test(test_devpath ${_ct}/test_devpath.c ${_ct}/rec_sink.c)
dft_unit_test(test_archive ${_ct}/test_archive.c ${_ct}/rec_sink.c)
dft_unit_test(test_itunes ${_ct}/test_itunes.c ${_ct}/rec_sink.c)
foreach(t test_archive test_itunes)
  target_compile_definitions(${t} PRIVATE DFT_PHONE_IMAGES="${DFT_PHONE_IMAGES}")
  set_tests_properties(${t} PROPERTIES FIXTURES_REQUIRED containers_images)
endforeach()
target_compile_definitions(test_devpath PRIVATE DFT_PHONE_IMAGES="${DFT_PHONE_IMAGES}")
