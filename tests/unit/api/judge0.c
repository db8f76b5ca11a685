/* The Judge0-compatible API's pure layer (src/api/judge0*.c), against the
 * examples of Judge0's documentation. */
#include "api/judge0.h"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static int parse(const char *body, bool base64, struct judge0_submission *s, char *out)
{
    struct judge0_errors e;
    judge0_errors_init(&e);
    char err[256] = "";
    int rc = judge0_parse_body(body, strlen(body), base64, 65536, s, &e, err, sizeof(err));
    size_t len;
    const char *json = judge0_errors_json(&e, &len);
    snprintf(out, 1024, "%s", rc == 400 ? err : json);
    judge0_errors_dispose(&e);
    return rc;
}

Test(judge0, parses_the_documented_submission)
{
    struct judge0_submission s;
    char out[1024];
    cr_assert_eq(parse("{\"source_code\":\"int main(){}\",\"language_id\":50,\"stdin\":\"world\","
                       "\"expected_output\":\"hello, world\",\"cpu_time_limit\":\"2.5\","
                       "\"memory_limit\":128000,\"unknown_field\":1}",
                       false, &s, out),
                 0, "%s", out);
    cr_assert_str_eq(s.language->lang_id, "c");
    cr_assert_str_eq(s.stdin_text.data, "world");
    cr_assert_eq(s.expected_output.len, 12);
    cr_assert_float_eq(s.cpu_time_limit, 2.5, 1e-9);
    cr_assert_float_eq(s.wall_time_limit, JUDGE0_WALL_TIME_LIMIT, 1e-9);
    cr_assert_eq(s.memory_limit, 128000);
    cr_assert_eq(s.status_id, JUDGE0_IN_QUEUE);
    judge0_submission_dispose(&s);
}

Test(judge0, missing_language_is_422_cant_be_blank)
{
    struct judge0_submission s;
    char out[1024];
    cr_assert_eq(parse("{\"source_code\":\"x\"}", false, &s, out), 422);
    cr_assert_str_eq(out, "{\"language_id\":[\"can't be blank\"]}");
    judge0_submission_dispose(&s);
}

Test(judge0, unknown_language_is_422_doesnt_exist)
{
    struct judge0_submission s;
    char out[1024];
    cr_assert_eq(parse("{\"source_code\":\"x\",\"language_id\":150000}", false, &s, out), 422);
    cr_assert_str_eq(out, "{\"language_id\":[\"language with id 150000 doesn't exist\"]}");
    judge0_submission_dispose(&s);
}

Test(judge0, limits_are_checked_with_rails_messages)
{
    struct judge0_submission s;
    char out[1024];
    cr_assert_eq(parse("{\"source_code\":\" \",\"language_id\":\"71\",\"wall_time_limit\":100000,"
                       "\"cpu_time_limit\":0,\"memory_limit\":\"lots\"}",
                       false, &s, out),
                 422);
    cr_assert_str_eq(out, "{\"source_code\":[\"can't be blank\"],"
                          "\"cpu_time_limit\":[\"must be greater than 0\"],"
                          "\"wall_time_limit\":[\"must be less than or equal to 20.0\"],"
                          "\"memory_limit\":[\"is not a number\"]}");
    judge0_submission_dispose(&s);
}

Test(judge0, unsupported_options_are_refused_in_judge0s_shape)
{
    struct judge0_submission s;
    char out[1024];
    cr_assert_eq(parse("{\"source_code\":\"x\",\"language_id\":54,\"compiler_options\":\"-O3\","
                       "\"enable_network\":true,\"redirect_stderr_to_stdout\":false,"
                       "\"command_line_arguments\":\"\"}",
                       false, &s, out),
                 422);
    cr_assert_str_eq(out, "{\"compiler_options\":[\"setting compiler options is not allowed\"],"
                          "\"enable_network\":[\"this option cannot be enabled\"]}");
    judge0_submission_dispose(&s);
}

Test(judge0, what_a_run_cannot_carry_is_refused)
{
    struct judge0_submission s;
    char out[1024];
    /* "eAB5" is "x\0y": a NUL the run job cannot carry. */
    cr_assert_eq(
        parse("{\"source_code\":\"eAB5\",\"language_id\":71,\"stdin\":\"eAB5\"}", true, &s, out),
        422);
    cr_assert_str_eq(out, "{\"source_code\":[\"must not contain a null byte\"],"
                          "\"stdin\":[\"must not contain a null byte\"]}");
    judge0_submission_dispose(&s);
    /* "/w==" is the byte 0xff: no UTF-8 text, which no run job can carry
     * (found by review: such a run stayed In Queue until it expired). */
    cr_assert_eq(parse("{\"source_code\":\"cHJpbnQoMSk=\",\"language_id\":71,\"stdin\":\"/w==\","
                       "\"expected_output\":\"/w==\"}",
                       true, &s, out),
                 422);
    cr_assert_str_eq(out, "{\"stdin\":[\"must be UTF-8 text\"],"
                          "\"expected_output\":[\"must be UTF-8 text\"]}");
    judge0_submission_dispose(&s);
}

Test(judge0, body_that_is_not_an_object_is_400)
{
    struct judge0_submission s;
    char out[1024];
    cr_assert_eq(parse("[1,2]", false, &s, out), 400);
    cr_assert_str_eq(out, "{\"error\":\"the body must be a JSON object\"}");
    judge0_submission_dispose(&s);
}

Test(judge0, base64_body_is_decoded)
{
    struct judge0_submission s;
    char out[1024];
    /* The documented example: source and input in base64. */
    cr_assert_eq(parse("{\"source_code\":\"I2luY2x1ZGUgPHN0ZGlvLmg+\",\"language_id\":50,"
                       "\"stdin\":\"SnVkZ2Uw\"}",
                       true, &s, out),
                 0, "%s", out);
    cr_assert_str_eq(s.source_code.data, "#include <stdio.h>");
    cr_assert_str_eq(s.stdin_text.data, "Judge0");
    judge0_submission_dispose(&s);
}

Test(judge0, base64_is_rubys_encode64_and_decode64)
{
    struct buf b;
    buf_init(&b);
    judge0_base64_encode(&b, "hello, Judge0\n", 14);
    cr_assert_str_eq(b.data, "aGVsbG8sIEp1ZGdlMAo=\n");
    buf_reset(&b);
    char bytes[46];
    memset(bytes, 0xfe, sizeof(bytes));
    judge0_base64_encode(&b, bytes, sizeof(bytes));
    cr_assert_eq(b.len, 60 + 1 + 4 + 1);
    cr_assert_eq(b.data[60], '\n');
    struct buf d;
    buf_init(&d);
    judge0_base64_decode(&d, b.data, b.len);
    cr_assert_eq(d.len, sizeof(bytes));
    cr_assert_eq(memcmp(d.data, bytes, sizeof(bytes)), 0);
    buf_reset(&d);
    judge0_base64_decode(&d, "S n\nVk*Z2U=w", 12);
    cr_assert_str_eq(d.data, "Judge");
    buf_dispose(&b);
    buf_dispose(&d);
}

Test(judge0, fields_default_star_and_invalid)
{
    uint64_t m;
    char err[256];
    cr_assert_eq(judge0_fields_parse("", 0, &m, err, sizeof(err)), 0);
    cr_assert_eq(m, judge0_fields_default());
    cr_assert_eq(judge0_fields_parse("*", 1, &m, err, sizeof(err)), 0);
    cr_assert_eq(m, (UINT64_C(1) << JUDGE0_F_COUNT) - 1);
    cr_assert_eq(judge0_fields_parse("stdout, status_id", 17, &m, err, sizeof(err)), 0);
    cr_assert_eq(m, JUDGE0_FIELD_BIT(JUDGE0_F_STDOUT) | JUDGE0_FIELD_BIT(JUDGE0_F_STATUS_ID));
    cr_assert_eq(judge0_fields_parse("stdout,foo,bar", 14, &m, err, sizeof(err)), -1);
    cr_assert_str_eq(err, "invalid fields: [foo, bar]");
}

Test(judge0, query_reads_flags_fields_and_tokens)
{
    struct judge0_query q;
    char err[256];
    const char *qs = "base64_encoded=true&wait=true&fields=stdout%2Cstatus_id&tokens="
                     "d85cd024-1548-4165-96c7-7bc88673f194,bad,";
    cr_assert_eq(judge0_parse_query(qs, strlen(qs), &q, err, sizeof(err)), 0);
    cr_assert(q.base64_encoded);
    cr_assert(q.wait);
    cr_assert_eq(q.fields,
                 JUDGE0_FIELD_BIT(JUDGE0_F_STDOUT) | JUDGE0_FIELD_BIT(JUDGE0_F_STATUS_ID));
    cr_assert_eq(q.ntokens, 2);
    cr_assert_str_eq(q.tokens[0], "d85cd024-1548-4165-96c7-7bc88673f194");
    cr_assert(q.tokens_bad);
    qs = "wait=1&fields=nope";
    cr_assert_eq(judge0_parse_query(qs, strlen(qs), &q, err, sizeof(err)), 400);
    cr_assert_str_eq(err, "{\"error\":\"invalid fields: [nope]\"}");
    cr_assert_eq(judge0_parse_query(NULL, 0, &q, err, sizeof(err)), 0);
    cr_assert(!q.wait && !q.base64_encoded);
}

static void finished(struct judge0_submission *s)
{
    judge0_submission_init(s);
    snprintf(s->token, sizeof(s->token), "8531f293-1585-4d36-a34c-73726792e6c9");
    s->language = judge0_tables_language(50);
    s->status_id = JUDGE0_ACCEPTED;
    s->stdout_text.data = strdup("hello, Judge0\n");
    s->stdout_text.len = 14;
    s->time = 0.001;
    s->wall_time = 0.0125;
    s->memory = 376;
    s->exit_code = 0;
    s->created_at_ms = 1764727200123;
}

Test(judge0, renders_the_documented_default_response)
{
    struct judge0_submission s;
    finished(&s);
    struct buf b;
    buf_init(&b);
    cr_assert_eq(judge0_render(&b, &s, judge0_fields_default(), false), 0);
    cr_assert_str_eq(b.data, "{\"stdout\":\"hello, Judge0\\n\",\"time\":\"0.001\",\"memory\":376,"
                             "\"stderr\":null,\"token\":\"8531f293-1585-4d36-a34c-73726792e6c9\","
                             "\"compile_output\":null,\"message\":null,"
                             "\"status\":{\"id\":3,\"description\":\"Accepted\"}}");
    buf_reset(&b);
    cr_assert_eq(judge0_render(&b, &s, judge0_fields_default(), true), 0);
    cr_assert(strstr(b.data, "\"stdout\":\"aGVsbG8sIEp1ZGdlMAo=\\n\"") != NULL, "%s", b.data);
    buf_dispose(&b);
    judge0_submission_dispose(&s);
}

Test(judge0, renders_every_field_with_judge0s_types)
{
    struct judge0_submission s;
    finished(&s);
    struct buf b;
    buf_init(&b);
    cr_assert_eq(judge0_render(&b, &s, ~UINT64_C(0) >> (64 - JUDGE0_F_COUNT), false), 0);
    const char *want[] = {
        "\"language_id\":50",
        "\"status_id\":3",
        "\"created_at\":\"2025-12-03T02:00:00.123Z\"",
        "\"finished_at\":null",
        "\"wall_time\":\"0.013\"",
        "\"cpu_time_limit\":\"5.0\"",
        "\"memory_limit\":128000",
        "\"exit_code\":0",
        "\"exit_signal\":null",
        "\"enable_network\":false",
        "\"language\":{\"id\":50,\"name\":\"C (GCC 12)\"}",
        "\"compiler_options\":null",
    };
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
        cr_assert(strstr(b.data, want[i]) != NULL, "%s not in %s", want[i], b.data);
    buf_dispose(&b);
    judge0_submission_dispose(&s);
}

Test(judge0, output_that_is_not_utf8_needs_base64)
{
    struct judge0_submission s;
    finished(&s);
    s.stdout_text.data[0] = (char)0xfe;
    struct buf b;
    buf_init(&b);
    cr_assert_eq(judge0_render(&b, &s, judge0_fields_default(), false), -1);
    buf_reset(&b);
    cr_assert_eq(judge0_render(&b, &s, judge0_fields_default(), true), 0);
    buf_dispose(&b);
    judge0_submission_dispose(&s);
}

Test(judge0, store_round_trip_keeps_every_byte)
{
    struct judge0_submission s, r;
    finished(&s);
    s.stderr_text.data = malloc(3);
    memcpy(s.stderr_text.data, "\0\xff\n", 3);
    s.stderr_text.len = 3;
    s.callback_url = strdup("http://hooks.local/x");
    s.exit_signal = 11;
    snprintf(s.user, sizeof(s.user), "alice");
    struct buf b;
    buf_init(&b);
    judge0_store_write(&b, &s);
    cr_assert_eq(judge0_store_read(b.data, b.len, &r), 0, "%s", b.data);
    cr_assert_str_eq(r.token, s.token);
    cr_assert_eq(r.language, s.language);
    cr_assert_eq(r.stderr_text.len, 3);
    cr_assert_eq(memcmp(r.stderr_text.data, "\0\xff\n", 3), 0);
    cr_assert_str_eq(r.stdout_text.data, "hello, Judge0\n");
    cr_assert_null(r.stdin_text.data);
    cr_assert_float_eq(r.time, 0.001, 1e-9);
    cr_assert_eq(r.exit_signal, 11);
    cr_assert_str_eq(r.user, "alice");
    cr_assert_str_eq(r.callback_url, "http://hooks.local/x");
    judge0_submission_dispose(&r);
    cr_assert_eq(judge0_store_read("{}", 2, &r), -1);
    buf_dispose(&b);
    judge0_submission_dispose(&s);
    judge0_submission_dispose(&r);
}

Test(judge0, status_ids_follow_judge0s_signal_table)
{
    cr_assert_eq(judge0_tables_status_of("queued", 0), 1);
    cr_assert_eq(judge0_tables_status_of("running", 0), 2);
    cr_assert_eq(judge0_tables_status_of("ok", 0), 3);
    cr_assert_eq(judge0_tables_status_of("AC", 0), 3);
    cr_assert_eq(judge0_tables_status_of("WA", 0), 4);
    cr_assert_eq(judge0_tables_status_of("TLE", 0), 5);
    cr_assert_eq(judge0_tables_status_of("CE", 0), 6);
    cr_assert_eq(judge0_tables_status_of("RE", SIGSEGV), 7);
    cr_assert_eq(judge0_tables_status_of("RE", SIGXFSZ), 8);
    cr_assert_eq(judge0_tables_status_of("RE", SIGFPE), 9);
    cr_assert_eq(judge0_tables_status_of("RE", SIGABRT), 10);
    cr_assert_eq(judge0_tables_status_of("RE", 0), 11);
    cr_assert_eq(judge0_tables_status_of("RE", SIGKILL), 12);
    cr_assert_eq(judge0_tables_status_of("MLE", SIGKILL), 12);
    cr_assert_eq(judge0_tables_status_of("OLE", 0), 8);
    cr_assert_eq(judge0_tables_status_of("IE", 0), 13);
    cr_assert_eq(judge0_tables_status_of("BAD_INPUT", 0), 13);
    cr_assert_str_eq(judge0_tables_status_name(14), "Exec Format Error");
    cr_assert_null(judge0_tables_status_name(15));
}

Test(judge0, languages_have_judge0s_ids)
{
    const int ids[] = {50, 54, 62, 63, 71, 60, 73};
    const char *ours[] = {"c", "cpp", "java", "javascript", "python", "go", "rust"};
    for (size_t i = 0; i < 7; i++) {
        const struct judge0_language *l = judge0_tables_language(ids[i]);
        cr_assert_not_null(l);
        cr_assert_str_eq(l->lang_id, ours[i]);
        cr_assert_eq(judge0_tables_language_of(ours[i]), l);
    }
    cr_assert_null(judge0_tables_language(4));
}

static void applied(const char *status, const char *result, struct judge0_submission *s)
{
    judge0_submission_init(s);
    cr_assert_eq(judge0_result_apply(s, status, result, result ? strlen(result) : 0), 0);
}

Test(judge0, run_results_become_judge0_results)
{
    struct judge0_submission s;
    applied("queued", NULL, &s);
    cr_assert_eq(s.status_id, JUDGE0_IN_QUEUE);
    judge0_submission_dispose(&s);
    applied("running", NULL, &s);
    cr_assert_eq(s.status_id, JUDGE0_PROCESSING);
    judge0_submission_dispose(&s);

    applied("AC",
            "{\"status\":\"AC\",\"message\":\"\",\"stdout\":\"hi\\n\",\"stderr\":\"\","
            "\"compileOutput\":\"\",\"timeMs\":12,\"wallMs\":40,\"memoryKb\":1500,"
            "\"exitCode\":0,\"signal\":0}",
            &s);
    cr_assert_eq(s.status_id, JUDGE0_ACCEPTED);
    cr_assert_str_eq(s.stdout_text.data, "hi\n");
    cr_assert_str_eq(s.stderr_text.data, "");
    cr_assert_null(s.compile_output.data);
    cr_assert_null(s.message.data);
    cr_assert_float_eq(s.time, 0.012, 1e-9);
    cr_assert_eq(s.memory, 1500);
    cr_assert_eq(s.exit_code, 0);
    judge0_submission_dispose(&s);

    applied("RE", "{\"status\":\"RE\",\"exitCode\":-1,\"signal\":11,\"stdout\":\"\"}", &s);
    cr_assert_eq(s.status_id, JUDGE0_SIGSEGV);
    cr_assert_str_eq(s.message.data, "Caught fatal signal 11");
    cr_assert_eq(s.exit_signal, 11);
    cr_assert_eq(s.exit_code, -1);
    judge0_submission_dispose(&s);

    applied("RE", "{\"status\":\"RE\",\"exitCode\":3,\"signal\":0,\"stdoutCut\":true}", &s);
    cr_assert_eq(s.status_id, JUDGE0_NZEC);
    cr_assert_str_eq(s.message.data, "Exited with error status 3; stdout cut at 64 KiB (verdict)");
    judge0_submission_dispose(&s);

    judge0_submission_init(&s);
    s.memory_limit = 65536;
    cr_assert_eq(judge0_result_apply(&s, "MLE", "{\"status\":\"MLE\",\"signal\":9}", 30), 0);
    cr_assert_eq(s.status_id, JUDGE0_RE_OTHER);
    cr_assert_str_eq(s.message.data,
                     "Memory limit exceeded (verdict: the run used more than its 65536 KB)");
    judge0_submission_dispose(&s);

    applied("CE", "{\"status\":\"CE\",\"compileOutput\":\"main.c:1: error\",\"timeMs\":0}", &s);
    cr_assert_eq(s.status_id, JUDGE0_CE);
    cr_assert_str_eq(s.compile_output.data, "main.c:1: error");
    cr_assert(s.time < 0);
    judge0_submission_dispose(&s);

    judge0_submission_init(&s);
    cr_assert_eq(judge0_result_apply(&s, "AC", "not json", 8), -1);
    cr_assert_eq(s.status_id, JUDGE0_INTERNAL_ERROR);
    judge0_submission_dispose(&s);
}

Test(judge0, callback_urls_are_taken_apart_strictly)
{
    struct judge0_url u;
    char why[128];
    cr_assert_eq(judge0_url_parse("http://hooks.example.com:8080/cb?x=1", &u, why, sizeof(why)), 0);
    cr_assert_str_eq(u.host, "hooks.example.com");
    cr_assert_str_eq(u.port, "8080");
    cr_assert_str_eq(u.path, "/cb?x=1");
    cr_assert_eq(judge0_url_parse("http://127.0.0.1", &u, why, sizeof(why)), 0);
    cr_assert_str_eq(u.port, "80");
    cr_assert_str_eq(u.path, "/");
    cr_assert_eq(judge0_url_parse("http://[::1]:9/", &u, why, sizeof(why)), 0);
    cr_assert_str_eq(u.host, "::1");
    const char *bad[] = {
        "ftp://x/",           "http://user@evil/",  "http://a b/",  "http://x:0/",
        "http://x:70000/",    "http://x/a\r\nX: y", "http://[zz]/", "http://",
        "http://x/#fragment", "http://x:80abc/",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        cr_assert_eq(judge0_url_parse(bad[i], &u, why, sizeof(why)), -1, "%s", bad[i]);
    cr_assert_eq(judge0_url_parse("https://x/", &u, why, sizeof(why)), -1);
    cr_assert_str_eq(why, "only http:// callbacks are supported");
}

Test(judge0, callback_hosts_are_matched_whole)
{
    cr_assert(judge0_url_host_listed("a.example, Hooks.Local ,127.0.0.1", "hooks.local"));
    cr_assert(judge0_url_host_listed("a.example, Hooks.Local ,127.0.0.1", "127.0.0.1"));
    cr_assert(!judge0_url_host_listed("a.example,hooks.local", "example"));
    cr_assert(!judge0_url_host_listed("a.example,hooks.local", "hooks.local.evil"));
    cr_assert(!judge0_url_host_listed("", "x"));
    cr_assert(!judge0_url_host_listed(NULL, "x"));
}

static bool public4(const char *text)
{
    struct sockaddr_in a = {.sin_family = AF_INET};
    cr_assert_eq(inet_pton(AF_INET, text, &a.sin_addr), 1);
    return judge0_url_addr_public(&a);
}

static bool public6(const char *text)
{
    struct sockaddr_in6 a = {.sin6_family = AF_INET6};
    cr_assert_eq(inet_pton(AF_INET6, text, &a.sin6_addr), 1);
    return judge0_url_addr_public(&a);
}

Test(judge0, inside_addresses_are_not_public)
{
    const char *inside4[] = {"127.0.0.1",   "10.1.2.3",        "172.16.0.1", "172.31.255.255",
                             "192.168.1.1", "169.254.169.254", "0.0.0.0",    "100.64.0.1",
                             "224.0.0.1",   "255.255.255.255"};
    for (size_t i = 0; i < sizeof(inside4) / sizeof(inside4[0]); i++)
        cr_assert(!public4(inside4[i]), "%s", inside4[i]);
    cr_assert(public4("8.8.8.8"));
    cr_assert(public4("172.32.0.1"));
    const char *inside6[] = {"::1",
                             "::",
                             "fe80::1",
                             "fd00::1",
                             "ff02::1",
                             "::ffff:127.0.0.1",
                             "::ffff:10.0.0.1",
                             "64:ff9b::a00:1",
                             "2001:db8::1",
                             "fec0::1",
                             "2002:a00:1::1",
                             "2002:7f00:1::",
                             "2001:0:4136:e378::1",
                             "100::1"};
    for (size_t i = 0; i < sizeof(inside6) / sizeof(inside6[0]); i++)
        cr_assert(!public6(inside6[i]), "%s", inside6[i]);
    cr_assert(public6("2606:4700::1111"));
    cr_assert(public6("::ffff:8.8.8.8"));
    cr_assert(public6("2002:808:808::1")); /* 6to4 of a public address */
}

Test(judge0, record_outlives_its_run)
{
    cr_assert_eq(judge0_store_ttl_s(86400), 172800);
    cr_assert_eq(judge0_store_ttl_s(LONG_MAX), LONG_MAX);
    /* made at 1,000 ms, kept 10 s: a missing run is lost before 11,000 ms,
     * expired from then on. */
    cr_assert(!judge0_store_run_expired(1000, 10, 1000));
    cr_assert(!judge0_store_run_expired(1000, 10, 10999));
    cr_assert(judge0_store_run_expired(1000, 10, 11000));
}
