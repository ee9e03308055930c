# Installation and packages (issue #9). One version, project(VERSION) in the top-level
# CMakeLists.txt, reaches the binaries (MANTLE_VERSION), the packages and the AppStream release
# list, which is made from CHANGELOG.md; configuring fails when the newest changelog entry names
# another version.
#
#   cmake --build B --target package    Linux: a .deb (dependencies from dpkg-shlibdeps)
#                                       macOS: a drag-and-drop .dmg with Mantle Playground.app
#                                       Windows: an NSIS installer with a Start menu entry
# The desktop entry, the AppStream metainfo, the icons and the man pages are installed on Linux;
# scripts/package-test installs the .deb into a fresh Debian root.

set(mantle_packaging_dir "${PROJECT_SOURCE_DIR}/packaging")

# "Sun, 29 Nov 2026 00:00:00 +0000" for "2026-11-29" (Debian changelogs want RFC 5322 dates).
function(mantle_rfc5322_date iso out)
    string(REGEX MATCH "^([0-9]+)-([0-9]+)-([0-9]+)$" _ "${iso}")
    math(EXPR y "${CMAKE_MATCH_1}")
    math(EXPR m "1${CMAKE_MATCH_2} - 100")
    math(EXPR d "1${CMAKE_MATCH_3} - 100")
    set(months Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec)
    math(EXPR mi "${m} - 1")
    list(GET months ${mi} month)
    # Zeller's congruence: 0 is Saturday.
    if(m LESS 3)
        math(EXPR m "${m} + 12")
        math(EXPR y "${y} - 1")
    endif()
    math(EXPR h "(${d} + (13 * (${m} + 1)) / 5 + ${y} + ${y} / 4 - ${y} / 100 + ${y} / 400) % 7")
    set(days Sat Sun Mon Tue Wed Thu Fri)
    list(GET days ${h} day)
    string(SUBSTRING "${iso}" 8 2 dd)
    string(SUBSTRING "${iso}" 0 4 yyyy)
    set(${out} "${day}, ${dd} ${month} ${yyyy} 00:00:00 +0000" PARENT_SCOPE)
endfunction()

# TEXT wrapped at 79 columns, the first line after FIRST, the others after REST.
function(mantle_wrap text first rest out)
    string(REPLACE ";" "\t" text "${text}")
    string(REPLACE " " ";" words "${text}")
    set(result "${first}")
    set(line "${first}")
    set(fresh TRUE)
    foreach(word IN LISTS words)
        string(LENGTH "${line} ${word}" length)
        if(NOT fresh AND length GREATER 79)
            string(APPEND result "\n${rest}${word}")
            set(line "${rest}${word}")
        elseif(fresh)
            string(APPEND result "${word}")
            string(APPEND line "${word}")
        else()
            string(APPEND result " ${word}")
            string(APPEND line " ${word}")
        endif()
        set(fresh FALSE)
    endforeach()
    string(REPLACE "\t" ";" result "${result}")
    set(${out} "${result}" PARENT_SCOPE)
endfunction()

# The changelog: "## VERSION — DATE" headings, each followed by "- change" lines. Gives the
# AppStream <release> list, the newest version, and the Debian changelog (changelog.gz).
function(mantle_read_changelog out_releases out_newest out_debian)
    file(STRINGS "${PROJECT_SOURCE_DIR}/CHANGELOG.md" lines ENCODING UTF-8)
    set(releases "")
    set(debian "")
    set(trailer "")
    set(newest "")
    set(open FALSE)
    foreach(line IN LISTS lines)
        if(line MATCHES "^## ([0-9]+\\.[0-9]+\\.[0-9]+) — ([0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9])$")
            set(version "${CMAKE_MATCH_1}")
            set(date "${CMAKE_MATCH_2}")
            if(open)
                string(APPEND releases "        </ul>\n      </description>\n    </release>\n")
                string(APPEND debian "${trailer}\n")
            endif()
            if(newest STREQUAL "")
                set(newest "${version}")
            endif()
            string(APPEND releases
                "    <release version=\"${version}\" date=\"${date}\">\n"
                "      <description>\n        <ul>\n")
            mantle_rfc5322_date("${date}" rfc_date)
            string(APPEND debian "mantle-playground (${version}) unstable; urgency=medium\n\n")
            set(trailer "\n -- ${CPACK_PACKAGE_CONTACT}  ${rfc_date}\n")
            set(open TRUE)
        elseif(open AND line MATCHES "^- (.+)$")
            set(item "${CMAKE_MATCH_1}")
            string(REPLACE "`" "" item "${item}")
            mantle_wrap("${item}" "  * " "    " wrapped)
            string(APPEND debian "${wrapped}\n")
            string(REPLACE "&" "&amp;" item "${item}")
            string(REPLACE "<" "&lt;" item "${item}")
            string(REPLACE ">" "&gt;" item "${item}")
            string(APPEND releases "          <li>${item}</li>\n")
        endif()
    endforeach()
    if(open)
        string(APPEND releases "        </ul>\n      </description>\n    </release>")
        string(APPEND debian "${trailer}")
    endif()
    set(${out_releases} "${releases}" PARENT_SCOPE)
    set(${out_newest} "${newest}" PARENT_SCOPE)
    set(${out_debian} "${debian}" PARENT_SCOPE)
endfunction()

set(CPACK_PACKAGE_CONTACT
    "The Mantle Playground developers <mantle-playground@users.noreply.github.com>")
mantle_read_changelog(MANTLE_APPSTREAM_RELEASES mantle_changelog_version mantle_debian_changelog)
file(WRITE "${PROJECT_BINARY_DIR}/packaging/changelog" "${mantle_debian_changelog}")
if(NOT mantle_changelog_version STREQUAL PROJECT_VERSION)
    message(FATAL_ERROR "CHANGELOG.md's newest entry is \"${mantle_changelog_version}\" but the "
                        "project's version is ${PROJECT_VERSION}: add a \"## ${PROJECT_VERSION} — "
                        "YYYY-MM-DD\" entry (or fix the version in CMakeLists.txt).")
endif()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/CHANGELOG.md")

set(MANTLE_METAINFO "${PROJECT_BINARY_DIR}/packaging/${MANTLE_APP_ID}.metainfo.xml")
configure_file("${mantle_packaging_dir}/linux/${MANTLE_APP_ID}.metainfo.xml.in" "${MANTLE_METAINFO}"
               @ONLY)
set(MANTLE_DESKTOP_FILE "${mantle_packaging_dir}/linux/${MANTLE_APP_ID}.desktop")

if(UNIX AND NOT APPLE)
    include(GNUInstallDirs)
    install(FILES "${MANTLE_DESKTOP_FILE}" DESTINATION "${CMAKE_INSTALL_DATADIR}/applications")
    install(FILES "${MANTLE_METAINFO}" DESTINATION "${CMAKE_INSTALL_DATADIR}/metainfo")
    foreach(size 16 32 48 64 128 256 512)
        if(size LESS_EQUAL 256)
            set(png "${PROJECT_SOURCE_DIR}/resources/icons/png/mantle-playground-${size}.png")
        else()
            set(png "${mantle_packaging_dir}/icons/mantle-playground-${size}.png")
        endif()
        install(FILES "${png}"
                DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps"
                RENAME "${MANTLE_APP_ID}.png")
    endforeach()
    install(FILES "${PROJECT_SOURCE_DIR}/resources/icons/mantle-playground.svg"
            DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps"
            RENAME "${MANTLE_APP_ID}.svg")
    # Man pages, compressed as Debian policy asks (gzip -n: no name or time, reproducible).
    find_program(MANTLE_GZIP gzip)
    foreach(page mantle.1 mantle-playground.1 mantle-emulator.1)
        set(source "${PROJECT_SOURCE_DIR}/docs/man/${page}")
        if(MANTLE_GZIP)
            add_custom_command(OUTPUT "${PROJECT_BINARY_DIR}/man/${page}.gz"
                COMMAND "${CMAKE_COMMAND}" -E make_directory "${PROJECT_BINARY_DIR}/man"
                COMMAND "${MANTLE_GZIP}" -9n -c "${source}" > "${PROJECT_BINARY_DIR}/man/${page}.gz"
                DEPENDS "${source}" VERBATIM)
            list(APPEND mantle_man_pages "${PROJECT_BINARY_DIR}/man/${page}.gz")
        else()
            list(APPEND mantle_man_pages "${source}")
        endif()
    endforeach()
    add_custom_target(mantle_man_pages ALL DEPENDS ${mantle_man_pages})
    # Debian's changelog.gz beside the documents (a native package keeps its own there), in
    # Debian's format, made from CHANGELOG.md.
    if(MANTLE_GZIP)
        add_custom_command(OUTPUT "${PROJECT_BINARY_DIR}/changelog.gz"
            COMMAND "${MANTLE_GZIP}" -9n -c "${PROJECT_BINARY_DIR}/packaging/changelog"
                    > "${PROJECT_BINARY_DIR}/changelog.gz"
            DEPENDS "${PROJECT_BINARY_DIR}/packaging/changelog" VERBATIM)
        add_custom_target(mantle_changelog ALL DEPENDS "${PROJECT_BINARY_DIR}/changelog.gz")
    endif()
    install(FILES ${mantle_man_pages} DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
    # Debian keeps a package's documents under its own name, with a machine-readable
    # "copyright" that points at the system's copy of the licence.
    set(mantle_doc_dir "${CMAKE_INSTALL_DATADIR}/doc/mantle-playground")
    install(FILES "${PROJECT_SOURCE_DIR}/CHANGELOG.md" "${PROJECT_SOURCE_DIR}/README.md"
            DESTINATION "${mantle_doc_dir}")
    install(FILES "${mantle_packaging_dir}/linux/copyright" DESTINATION "${mantle_doc_dir}")
    if(MANTLE_GZIP)
        install(FILES "${PROJECT_BINARY_DIR}/changelog.gz" DESTINATION "${mantle_doc_dir}")
    endif()
endif()

# CPack ------------------------------------------------------------------------------------------
set(CPACK_PACKAGE_NAME "mantle-playground")
set(CPACK_PACKAGE_VENDOR "The Mantle Playground developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Desktop playground for Amazon Bedrock Mantle")
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "Mantle Playground")
set(CPACK_PACKAGE_EXECUTABLES "mantle-playground;Mantle Playground")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_IGNORE_FILES "/build/;/\\\\.git/;/node_modules/")

# Debian: the shared-library dependencies come from dpkg-shlibdeps; what it cannot see (Qt's
# platform plugins are loaded at run time: xcb ships in libqt6gui6, Wayland in qt6-wayland) and
# what only helps is listed by hand.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "devel")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
    "qt6-wayland, qt6-translations-l10n, gnome-keyring | kwalletmanager | keepassxc")
# The body of the Description (CPack puts the summary above it and indents it): one string,
# lines under 80 columns, paragraphs separated by an empty line.
string(JOIN "\n" CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Mantle Playground is a native Qt desktop app for trying prompts against"
    "Amazon Bedrock Mantle, the OpenAI-compatible endpoint of Amazon Bedrock: Chat"
    "Completions, Responses and Anthropic Messages, streamed, with tools,"
    "structured output, reasoning, usage and cost, and code export of the exact"
    "request."
    ""
    "It includes the mantle command-line tool and a local Mantle emulator for an"
    "offline demo. Secrets are kept in the desktop's keychain (Secret Service).")

# macOS: a drag-and-drop disk image with the app bundle (app/CMakeLists.txt runs macdeployqt).
set(CPACK_DMG_VOLUME_NAME "Mantle Playground ${PROJECT_VERSION}")
set(CPACK_DMG_FORMAT "UDZO")

# Windows: NSIS, with a Start menu entry and an entry in "Apps & features".
set(CPACK_NSIS_DISPLAY_NAME "Mantle Playground")
set(CPACK_NSIS_PACKAGE_NAME "Mantle Playground ${PROJECT_VERSION}")
set(CPACK_NSIS_MUI_ICON "${mantle_packaging_dir}/icons/mantle-playground.ico")
set(CPACK_NSIS_MUI_UNIICON "${mantle_packaging_dir}/icons/mantle-playground.ico")
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\\\mantle-playground.exe")
set(CPACK_NSIS_URL_INFO_ABOUT "${PROJECT_HOMEPAGE_URL}")
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_NSIS_EXECUTABLES_DIRECTORY "bin")
set(CPACK_NSIS_MUI_FINISHPAGE_RUN "mantle-playground.exe")

if(APPLE)
    set(CPACK_GENERATOR "DragNDrop")
elseif(WIN32)
    set(CPACK_GENERATOR "NSIS")
else()
    set(CPACK_GENERATOR "DEB")
endif()
include(CPack)
