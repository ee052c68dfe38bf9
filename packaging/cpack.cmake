# `cpack -G DEB` in the build directory: three Debian packages from the
# install components, so that a machine that only runs converted programs
# installs no LLVM:
#   bcc2core            the command, libbcc2core.so, the Python bcc package
#                       (run, port's cache, python-path): libbpf1, libelf1
#   bcc2core-converter  the rewriter module and its data (convert, build):
#                       libclang, clang and llvm-strip/objcopy, libbpf-dev
#   bcc2core-dev        headers, libbcc2core.a, bcc2core.pc, the CMake
#                       package and bcc2core.mk: a build step needs the
#                       converter and bpftool
# Dependencies are named, not computed (dpkg-shlibdeps), so that the
# converter's never leak into the runtime's.
set(CPACK_PACKAGE_NAME bcc2core)
set(CPACK_PACKAGE_VENDOR "bcc2core")
set(CPACK_PACKAGE_CONTACT "bcc2core maintainers <bcc2core@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "BCC programs as libbpf CO-RE objects, run without LLVM")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_GENERATOR DEB)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime converter dev)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME bcc2core)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_DEPENDS "libc6, libbpf1 (>= 1:1.0), libelf1, zlib1g, python3")
# bpftool makes the per-kernel minimized BTF cache; without it each start
# parses the kernel's BTF
set(CPACK_DEBIAN_RUNTIME_PACKAGE_RECOMMENDS "bpftool")
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SUGGESTS "bcc2core-converter")
# ldconfig for libbcc2core.so.0 (CPack's shlibs generation would apply to
# every package, and the converter's rewriter module has no soname)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_CONTROL_EXTRA ${CMAKE_CURRENT_LIST_DIR}/deb/triggers)

set(_ver "${PROJECT_VERSION}")
set(CPACK_DEBIAN_CONVERTER_PACKAGE_NAME bcc2core-converter)
set(CPACK_DEBIAN_CONVERTER_PACKAGE_DEPENDS
  "bcc2core (= ${_ver}), libclang1-14, clang-14, llvm-14, libbpf-dev, libssl3, bpftool")
# the PCH names its headers by absolute path: the staging directory's here,
# so it is made again where the package put them
set(CPACK_DEBIAN_CONVERTER_PACKAGE_CONTROL_EXTRA ${CMAKE_CURRENT_LIST_DIR}/deb/postinst)
set(CPACK_DEBIAN_CONVERTER_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_DEV_PACKAGE_NAME bcc2core-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
  "bcc2core (= ${_ver}), bcc2core-converter (= ${_ver}), libbpf-dev, libelf-dev, zlib1g-dev, bpftool, pkg-config")

include(CPack)
