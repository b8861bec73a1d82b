# tests/store: the case store (core/store/store*.c) and the info/verify commands.
set(_store_dir ${CMAKE_CURRENT_LIST_DIR})

foreach(_t schema audit evidence speed cmds seal ckpt)
  dft_unit_test(test_store_${_t} ${_store_dir}/test_store_${_t}.c)
  target_include_directories(test_store_${_t} PRIVATE ${_store_dir})
  set_tests_properties(test_store_${_t} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
endforeach()
