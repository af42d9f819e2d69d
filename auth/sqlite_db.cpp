#include "auth/sqlite_db.hpp"

#include <sqlite3.h>

namespace turn::auth {
namespace {

DbErrorCode classify(int rc) {
    switch (rc & 0xff) {  // the primary code; extended codes keep it in the low byte
        case SQLITE_CANTOPEN: return DbErrorCode::Missing;
        case SQLITE_BUSY:
        case SQLITE_LOCKED: return DbErrorCode::Locked;
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB: return DbErrorCode::Corrupt;
        case SQLITE_READONLY:
        case SQLITE_PERM: return DbErrorCode::ReadOnly;
        case SQLITE_TOOBIG:
        case SQLITE_RANGE: return DbErrorCode::Invalid;
        default: return DbErrorCode::Failed;
    }
}

struct StmtFinalizer {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

int bind(sqlite3_stmt* s, int index, const DbValue& v) {
    if (v.integer) return sqlite3_bind_int64(s, index, *v.integer);
    // SQLITE_TRANSIENT: SQLite copies, so the view need not outlive the call.
    return sqlite3_bind_text64(s, index, v.text.data(), v.text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

DbRow read_row(sqlite3_stmt* s) {
    DbRow row;
    const int n = sqlite3_column_count(s);
    for (int i = 0; i < n; ++i) {
        const auto* text = sqlite3_column_text(s, i);
        const int len = sqlite3_column_bytes(s, i);
        row.emplace_back(text ? std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(len))
                              : std::string());
    }
    return row;
}

}  // namespace

std::string_view db_error_code_name(DbErrorCode c) {
    switch (c) {
        case DbErrorCode::Missing: return "cannot open the database (missing file or directory, or no permission)";
        case DbErrorCode::Locked: return "database is locked";
        case DbErrorCode::Corrupt: return "not a database or corrupt";
        case DbErrorCode::ReadOnly: return "database is read-only";
        case DbErrorCode::Invalid: return "value refused";
        case DbErrorCode::Failed: return "database error";
    }
    return "database error";
}

std::string DbError::message() const {
    std::string m = file + ": " + std::string(db_error_code_name(code));
    if (!detail.empty()) m += ": " + detail;
    return m;
}

void SqliteDb::Closer::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

DbError SqliteDb::error(int rc) const {
    return {classify(rc), file_, db_ ? sqlite3_errmsg(db_.get()) : sqlite3_errstr(rc)};
}

Result<SqliteDb, DbError> SqliteDb::open(const std::string& path, OpenMode mode, int busy_timeout_ms) {
    int flags = SQLITE_OPEN_FULLMUTEX | (mode == OpenMode::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
    if (mode == OpenMode::CreateIfMissing) flags |= SQLITE_OPEN_CREATE;
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    SqliteDb db(std::unique_ptr<sqlite3, Closer>(raw), path);
    if (rc != SQLITE_OK) return unexpected(db.error(rc));
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, busy_timeout_ms);
    // Reading the schema first tells a non-database file apart at open time
    // rather than at the first lookup.
    if (auto probe = db.query("SELECT count(*) FROM sqlite_master"); !probe) return unexpected(probe.error());
    // WAL lets one writer and many readers work at once. A read-only file
    // cannot change mode; it is still readable, so that is not an error here.
    if (mode != OpenMode::ReadOnly) (void)db.query("PRAGMA journal_mode=WAL");
    return db;
}

Result<std::vector<DbRow>, DbError> SqliteDb::query(std::string_view sql, std::initializer_list<DbValue> params) {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &raw, nullptr);
    Stmt stmt(raw);
    if (rc != SQLITE_OK) return unexpected(error(rc));
    int index = 1;
    for (const auto& p : params) {
        if ((rc = bind(raw, index++, p)) != SQLITE_OK) return unexpected(error(rc));
    }
    std::vector<DbRow> rows;
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW) rows.push_back(read_row(raw));
    if (rc != SQLITE_DONE) return unexpected(error(rc));
    return rows;
}

std::int64_t SqliteDb::changes() const { return sqlite3_changes64(db_.get()); }

Result<std::int64_t, DbError> SqliteDb::data_version() {
    auto rows = query("PRAGMA data_version");
    if (!rows) return unexpected(rows.error());
    if (rows->empty() || rows->front().empty()) return std::int64_t{0};
    return std::stoll(rows->front().front());
}

}  // namespace turn::auth
