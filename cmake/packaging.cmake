# `cpack -G DEB` in a build folder: the Debian 12 package relulab_<version>_<arch>.deb of what
# `cmake --install` puts in place (the binary, its menu entry, icon and notebook file type).

set(RELULAB_PACKAGE_MAINTAINER
    "Seed 683a1e4a maintainers <maintainers@users.noreply.h-seed-683a1e4a.example>"
    CACHE STRING "The Debian package's Maintainer field")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME relulab)
set(CPACK_PACKAGE_VENDOR "ReLU Lab")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${RELULAB_PACKAGE_MAINTAINER})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "lab notebook for studying small neural networks")
# Debian's extended description, one paragraph: CPack starts each line with the space that
# Debian asks for (a line that starts with two is shown verbatim).
set(CPACK_PACKAGE_DESCRIPTION
    "ReLU Lab trains small neural networks and shows what they learn: ReLU nets as sums of
elbows, the features of a net (penultimate outputs and the per-sample gradients of the
linearized net), dead ReLUs and vanishing gradients, decision surfaces and exact linear
regions, and how width and depth change training. Experiments and their runs are kept in
notebooks (.relulab files) that open in its window; the same binary trains them from the
command line (relulab run NOTEBOOK --out DIR) without a display.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

# Depends, as an explicit list of Debian 12's packages, so that the package is the same where
# dpkg-shlibdeps (dpkg-dev) is missing: the owner of every library the binary links, with the
# versions dpkg-shlibdeps gives (tests/install/tst_install.sh checks the names against readelf,
# ldd and dpkg -S), then what it loads at run time without linking it: Qt's SQLite driver and
# the charts' font.
set(RELULAB_PACKAGE_DEPENDS
    "libc6 (>= 2.35)"
    "libgcc-s1 (>= 3.0)"
    "libstdc++6 (>= 11)"
    "libarmadillo11 (>= 1:11.4.2+dfsg)"
    "libtbb12 (>= 2021.4.0)"
    "libqt6core6 (>= 6.4.0)"
    "libqt6gui6 (>= 6.1.2)"
    "libqt6widgets6 (>= 6.4.0)"
    "libqt6sql6 (>= 6.1.2)"
    "libqt6svg6 (>= 6.2.0)"
    "libqt6charts6 (>= 6.2.1)"
    libqt6sql6-sqlite
    fonts-dejavu-core)
list(JOIN RELULAB_PACKAGE_DEPENDS ", " CPACK_DEBIAN_PACKAGE_DEPENDS)
# The caches that make the menu entry, the icon and double-clicking a notebook work are
# refreshed by these packages' own triggers when they are installed; nothing here needs them.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "shared-mime-info, desktop-file-utils, hicolor-icon-theme")

include(CPack)
