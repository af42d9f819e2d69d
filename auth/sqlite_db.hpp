// A thin RAII layer over the sqlite3 C API: one connection, prepared
// statements with bound parameters only (never SQL built from user text), and
// every failure turned into a DbError that names the file, so an operator
// reading a log line knows which database and what went wrong.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace turn::auth {

enum class DbErrorCode : std::uint8_t {
    Missing,   // the file (or its directory) does not exist, or cannot be opened
    Locked,    // another process held a lock past the busy timeout
    Corrupt,   // not a database, or a damaged one
    ReadOnly,  // the file or its directory is not writable
    Invalid,   // a value the schema cannot hold (refused before any SQL runs)
    Failed,    // anything else SQLite reports
};

std::string_view db_error_code_name(DbErrorCode c);

struct DbError {
    DbErrorCode code = DbErrorCode::Failed;
    std::string file;
    std::string detail;  // SQLite's own message, for the log

    // "<file>: <code name>: <detail>"
    std::string message() const;
};

enum class OpenMode : std::uint8_t {
    CreateIfMissing,  // turnadmin, and turnserver with an explicit --db
    ExistingOnly,     // an existing file, read and written
    ReadOnly,         // an existing file, never written (not even its journal
                      // mode): turnserver on one of coturn's default paths
};

// A bound parameter: text or a 64-bit integer.
struct DbValue {
    std::optional<std::int64_t> integer;
    std::string_view text;
    static DbValue of(std::string_view t) { return {std::nullopt, t}; }
    static DbValue of(std::int64_t i) { return {i, {}}; }
};

// One result row, every column read as text (NULL reads as "").
using DbRow = std::vector<std::string>;

class SqliteDb {
public:
    // Opens `path`, sets the busy timeout, and switches to WAL so turnadmin
    // can write while turnserver reads (a read-only file keeps its mode).
    static Result<SqliteDb, DbError> open(const std::string& path, OpenMode mode, int busy_timeout_ms);

    // Runs one statement with `params` bound to its ?s, in order; returns the
    // rows it produced. Changes made are counted in changes().
    Result<std::vector<DbRow>, DbError> query(std::string_view sql, std::initializer_list<DbValue> params = {});
    // The rows a write statement changed.
    std::int64_t changes() const;
    // Grows whenever another connection commits (PRAGMA data_version), so a
    // reader can skip re-reading an unchanged database.
    Result<std::int64_t, DbError> data_version();

    const std::string& file() const { return file_; }

private:
    struct Closer {
        void operator()(sqlite3* db) const;
    };
    SqliteDb(std::unique_ptr<sqlite3, Closer> db, std::string file) : db_(std::move(db)), file_(std::move(file)) {}
    DbError error(int rc) const;

    std::unique_ptr<sqlite3, Closer> db_;
    std::string file_;
};

}  // namespace turn::auth
