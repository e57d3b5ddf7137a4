# Installs the runtime component to a fresh prefix, then builds and runs the
# consumer project against it twice: through find_package(heapwise) and
# through `pkg-config --cflags heapwise` (as C++17 and as C++20).
# Variables: BUILD_DIR, SOURCE_DIR, WORK_DIR, CXX_COMPILER, GENERATOR.
cmake_minimum_required(VERSION 3.20)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT status EQUAL 0)
    string(JOIN " " command ${ARGN})
    message(FATAL_ERROR "failed (${status}): ${command}\n${out}")
  endif()
  set(run_output "${out}" PARENT_SCOPE)
endfunction()

set(prefix ${WORK_DIR}/prefix)
file(REMOVE_RECURSE ${WORK_DIR})

run(${CMAKE_COMMAND} --install ${BUILD_DIR} --component heapwise-runtime --prefix ${prefix})

# find_package
run(${CMAKE_COMMAND} -G ${GENERATOR} -S ${SOURCE_DIR} -B ${WORK_DIR}/build
    -DCMAKE_CXX_COMPILER=${CXX_COMPILER} -DCMAKE_PREFIX_PATH=${prefix}
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
file(STRINGS ${WORK_DIR}/build/CMakeCache.txt found REGEX "^heapwise_DIR:")
if(NOT found MATCHES "=${prefix}/")
  message(FATAL_ERROR "heapwise was not found in the installed prefix: ${found}")
endif()
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run(${WORK_DIR}/build/consumer)
message(STATUS "find_package: ${run_output}")

# pkg-config
find_program(PKG_CONFIG NAMES pkg-config pkgconf REQUIRED)
set(ENV{PKG_CONFIG_PATH} ${prefix}/share/pkgconfig)
set(ENV{PKG_CONFIG_LIBDIR} ${prefix}/share/pkgconfig)
run(${PKG_CONFIG} --cflags heapwise)
string(STRIP "${run_output}" cflags)
if(NOT cflags MATCHES "^-I(.+)$")
  message(FATAL_ERROR "unexpected pkg-config --cflags heapwise: '${cflags}'")
endif()
file(REAL_PATH "${CMAKE_MATCH_1}" include_dir)
if(NOT include_dir STREQUAL "${prefix}/include" OR NOT EXISTS ${include_dir}/heapwise/small_vector.h)
  message(FATAL_ERROR "pkg-config include directory ${include_dir} is not ${prefix}/include")
endif()
# The library needs C++17; C++20 adds to it.
foreach(standard 17 20)
  run(${CXX_COMPILER} -std=c++${standard} ${cflags} ${SOURCE_DIR}/main.cpp
      -o ${WORK_DIR}/consumer-pkg-config-${standard})
  run(${WORK_DIR}/consumer-pkg-config-${standard})
  message(STATUS "pkg-config, C++${standard}: ${run_output}")
endforeach()
