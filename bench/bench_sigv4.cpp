// Signing cost per request, on the generated requests that the botocore cross-check uses
// (bench/sigv4_vs_botocore.sh dumps them to JSON and compares with botocore's time).
//
//   bench_sigv4 --cases cases.json [Google Benchmark flags]
//
// BM_SignPrepared: SigV4Signer::sign on a request already taken apart (what the app does for
//   every request), with the signing key cached, as it is for every request after an account's
//   first of the day in a region;
// BM_SignColdKey: the same, but every case has its own date and region, so the signing key is
//   derived for every request, as botocore always does;
// BM_ParseAndSign: parsing the URL too (botocore's add_auth parses the URL), key cached.
// All report the time per request.

#include "aws/requesturl.h"
#include "aws/sigv4signer.h"

#include <QByteArray>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <vector>

using namespace mantle;
using namespace mantle::aws;

namespace {

struct BenchCase
{
    QString url;
    SigningRequest request;
    SigningOptions options;
    QDateTime time; ///< one time for every case: the key cache is warm
    QDateTime coldTime; ///< each case's own time: the key cache never hits
    Credentials credentials;
};

std::vector<BenchCase> g_cases;

bool loadCases(const char *path)
{
    QFile f(QString::fromLocal8Bit(path));
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QJsonArray array = QJsonDocument::fromJson(f.readAll()).array();
    for (const QJsonValue &v : array) {
        const QJsonObject o = v.toObject();
        BenchCase c;
        c.url = o.value(QStringLiteral("url")).toString();
        const auto parsed = parseRequestUrl(c.url);
        if (!parsed)
            return false;
        c.request.method = o.value(QStringLiteral("method")).toString().toUtf8();
        c.request.host = parsed->hostHeader;
        c.request.path = parsed->path;
        c.request.query = parsed->query;
        for (const QJsonValue &h : o.value(QStringLiteral("headers")).toArray()) {
            const QJsonArray pair = h.toArray();
            c.request.headers.append(
                {pair.at(0).toString().toUtf8(), pair.at(1).toString().toUtf8()});
        }
        c.request.body
            = QByteArray::fromBase64(o.value(QStringLiteral("body_base64")).toString().toLatin1());
        c.options.region = o.value(QStringLiteral("region")).toString().toUtf8();
        c.options.addContentSha256 = o.value(QStringLiteral("content_sha256")).toBool();
        c.coldTime = QDateTime::fromString(o.value(QStringLiteral("time")).toString(),
                                           QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
        c.coldTime.setTimeZone(QTimeZone::utc());
        c.time = QDateTime(QDate(2026, 11, 25), QTime(12, 0), QTimeZone::utc());
        c.credentials.accessKeyId = QStringLiteral("AKIDEXAMPLE");
        c.credentials.secretAccessKey
            = SecretString(std::string_view("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
        c.credentials.sessionToken
            = SecretString(o.value(QStringLiteral("token")).toString().toUtf8());
        g_cases.push_back(std::move(c));
    }
    return !g_cases.empty();
}

void BM_SignPrepared(benchmark::State &state)
{
    SigV4Signer signer;
    size_t i = 0;
    for (auto _ : state) {
        const BenchCase &c = g_cases[i++ % g_cases.size()];
        SigningOptions options = c.options;
        options.region = "us-east-1"; // with one date, one region: the key is cached
        benchmark::DoNotOptimize(signer.sign(c.request, c.credentials, options, c.time));
    }
}

void BM_SignColdKey(benchmark::State &state)
{
    SigV4Signer signer;
    size_t i = 0;
    for (auto _ : state) {
        const BenchCase &c = g_cases[i++ % g_cases.size()];
        benchmark::DoNotOptimize(signer.sign(c.request, c.credentials, c.options, c.coldTime));
    }
}

void BM_ParseAndSign(benchmark::State &state)
{
    SigV4Signer signer;
    size_t i = 0;
    for (auto _ : state) {
        const BenchCase &c = g_cases[i++ % g_cases.size()];
        auto parsed = parseRequestUrl(c.url);
        SigningRequest r;
        r.method = c.request.method;
        r.host = parsed->hostHeader;
        r.path = parsed->path;
        r.query = parsed->query;
        r.headers = c.request.headers;
        r.body = c.request.body;
        SigningOptions options = c.options;
        options.region = "us-east-1";
        benchmark::DoNotOptimize(signer.sign(r, c.credentials, options, c.time));
    }
}

} // namespace

int main(int argc, char **argv)
{
    const char *casesPath = nullptr;
    std::vector<char *> rest{argv[0]};
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--cases") == 0 && i + 1 < argc)
            casesPath = argv[++i];
        else
            rest.push_back(argv[i]);
    }
    if (!casesPath || !loadCases(casesPath)) {
        std::fprintf(stderr,
                     "usage: bench_sigv4 --cases cases.json [benchmark flags]\n"
                     "(bench/sigv4_vs_botocore.sh writes the cases)\n");
        return 2;
    }
    // One iteration signs one request, cycling through all the cases: the per-iteration time is
    // the mean over the mix of requests, directly comparable with botocore's per-request time.
    benchmark::RegisterBenchmark("BM_SignPrepared", BM_SignPrepared)
        ->Iterations(int64_t(g_cases.size()) * 40)
        ->Repetitions(15)
        ->ReportAggregatesOnly(true)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark("BM_SignColdKey", BM_SignColdKey)
        ->Iterations(int64_t(g_cases.size()) * 40)
        ->Repetitions(15)
        ->ReportAggregatesOnly(true)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark("BM_ParseAndSign", BM_ParseAndSign)
        ->Iterations(int64_t(g_cases.size()) * 40)
        ->Repetitions(15)
        ->ReportAggregatesOnly(true)
        ->Unit(benchmark::kMicrosecond);
    int benchArgc = int(rest.size());
    benchmark::Initialize(&benchArgc, rest.data());
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
