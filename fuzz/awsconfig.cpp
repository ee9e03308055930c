// Fuzz target: aws::AwsConfigFile, the reader of ~/.aws/config and ~/.aws/credentials, on
// arbitrary bytes read as both kinds of file.
//
// Invariants (its documentation promises them): it never fails and never stops at a broken line;
// every section, entry and diagnostic names a line that exists; each listed profile is found by
// its name; a diagnostic names the file and never quotes a key that may be a secret; parsing is
// deterministic; no exception escapes.

#include "aws/awsconfigfile.h"
#include "fuzzsupport.h"

namespace {

using mantle::aws::AwsConfigFile;

void checkFile(QByteArrayView text, AwsConfigFile::Kind kind)
{
    const QString fileName = QStringLiteral("fuzz-config");
    const AwsConfigFile file = AwsConfigFile::parse(text, kind, fileName);
    MANTLE_FUZZ_CHECK(file.kind() == kind);
    // Any of CR, LF and CRLF ends a line: there are at most as many lines as line-end bytes + 1.
    const int maxLine = int(text.count('\n') + text.count('\r')) + 1;
    const auto lineExists = [maxLine](int line) {
        return line >= 1 && line <= maxLine;
    };
    for (const mantle::aws::AwsConfigSection &section : file.sections()) {
        MANTLE_FUZZ_CHECK(lineExists(section.line));
        MANTLE_FUZZ_CHECK(file.section(section.name) != nullptr);
        for (const mantle::aws::AwsConfigEntry &entry : section.values)
            MANTLE_FUZZ_CHECK(lineExists(entry.line));
        for (const auto &subsection : section.subsections) {
            for (const mantle::aws::AwsConfigEntry &entry : subsection)
                MANTLE_FUZZ_CHECK(lineExists(entry.line));
        }
    }
    for (const QString &profile : file.profileNames()) {
        const mantle::aws::AwsConfigSection *section = file.profile(profile);
        MANTLE_FUZZ_CHECK(section != nullptr);
        MANTLE_FUZZ_CHECK(section->profileName == profile);
    }
    int previousLine = 0;
    for (const mantle::aws::AwsConfigDiagnostic &diagnostic : file.diagnostics()) {
        MANTLE_FUZZ_CHECK(diagnostic.file == fileName);
        MANTLE_FUZZ_CHECK(lineExists(diagnostic.line));
        MANTLE_FUZZ_CHECK(diagnostic.line >= previousLine); // in line order
        previousLine = diagnostic.line;
        MANTLE_FUZZ_CHECK(!diagnostic.message.isEmpty());
        MANTLE_FUZZ_CHECK(diagnostic.key.isEmpty()
                          || mantle::aws::isPrintableAwsConfigKey(diagnostic.key));
    }
    const AwsConfigFile again = AwsConfigFile::parse(text, kind, fileName);
    MANTLE_FUZZ_CHECK(again.sections() == file.sections());
    MANTLE_FUZZ_CHECK(again.diagnostics() == file.diagnostics());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    return mantle::fuzz::runGuarded([&] {
        const QByteArrayView text(reinterpret_cast<const char *>(data), qsizetype(size));
        checkFile(text, AwsConfigFile::Kind::Config);
        checkFile(text, AwsConfigFile::Kind::Credentials);
    });
}
