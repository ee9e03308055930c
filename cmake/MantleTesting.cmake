# mantle_add_test(NAME SOURCES ... [LIBS ...] [KEYCHAIN] [GUI] [LABELS ...])
#
# One Qt Test executable registered with CTest. Every test runs with QT_QPA_PLATFORM=offscreen and
# knows where the shared test data is (MANTLE_SHARED_TESTDATA, MANTLE_TEST_DATA). KEYCHAIN tests
# run inside a private D-Bus session with a fresh, unlocked gnome-keyring (tests/with-keyring.sh),
# so they use a real Secret Service and never the user's own keyring.
function(mantle_add_test name)
    cmake_parse_arguments(ARG "KEYCHAIN;GUI" "" "SOURCES;LIBS;LABELS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE Qt6::Test ${ARG_LIBS} mantle_compiler_options)
    target_compile_definitions(${name} PRIVATE
        MANTLE_SHARED_TESTDATA="${MANTLE_SHARED_TESTDATA}"
        MANTLE_TEST_DATA="${PROJECT_SOURCE_DIR}/tests/data")
    if(ARG_KEYCHAIN)
        add_test(NAME ${name}
            COMMAND ${PROJECT_SOURCE_DIR}/tests/with-keyring.sh $<TARGET_FILE:${name}>)
        list(APPEND ARG_LABELS keychain)
    else()
        add_test(NAME ${name} COMMAND ${name})
    endif()
    if(ARG_GUI)
        list(APPEND ARG_LABELS gui)
    endif()
    set_tests_properties(${name} PROPERTIES
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QT_FORCE_STDERR_LOGGING=1"
        LABELS "${ARG_LABELS}"
        TIMEOUT 300)
endfunction()
