// Static files: request paths to names under the web root, and the web root
// opening only what lies beneath it.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "signaling/content_type.hpp"
#include "signaling/request_path.hpp"
#include "signaling/web_root.hpp"

using namespace turn::signaling;
namespace fs = std::filesystem;

namespace {

PathError path_error(std::string_view path) {
    const auto r = resolve_request_path(path);
    REQUIRE_FALSE(r.ok());
    return r.error();
}

// A web root with a page, a folder, a dotfile, and symlinks in and out, next
// to a secret outside it.
struct Site {
    fs::path base = fs::temp_directory_path() / ("turnsignal-unit-" + std::to_string(::getpid()));
    fs::path root = base / "web";

    Site() {
        fs::remove_all(base);
        fs::create_directories(root / "css");
        fs::create_directories(root / "docs");
        write(root / "index.html", "<h1>hi</h1>");
        write(root / "css" / "app.css", "body{}");
        write(root / "docs" / "index.html", "docs");
        write(root / ".secret", "dot");
        write(base / "outside.txt", "secret");
        fs::create_symlink(base / "outside.txt", root / "escape.txt");
        fs::create_symlink("../outside.txt", root / "relative-escape.txt");
        fs::create_symlink("css/app.css", root / "inside.css");
        fs::create_symlink(base, root / "up");
    }
    ~Site() { fs::remove_all(base); }

    static void write(const fs::path& p, std::string_view text) { std::ofstream(p) << text; }
};

}  // namespace

TEST_CASE("request paths: folders get index.html, segments are kept") {
    CHECK(*resolve_request_path("/") == "index.html");
    CHECK(*resolve_request_path("/css/app.css") == "css/app.css");
    CHECK(*resolve_request_path("/docs/") == "docs/index.html");
    CHECK(*resolve_request_path("/a%20b.html") == "a b.html");
    CHECK(*resolve_request_path("/caf%C3%A9.txt") == "caf\xC3\xA9.txt");
}

TEST_CASE("request paths: dot segments are refused before and after percent-decoding (400)") {
    for (std::string_view p : {"/..", "/../etc/passwd", "/css/../../x", "/./index.html", "/%2e%2e/x", "/%2E%2E%2Fx",
                               "/css/%2e%2e/%2e%2e/x", "/a/.."}) {
        INFO(p);
        CHECK(path_error(p) == PathError::DotSegment);
    }
    CHECK(status_for(PathError::DotSegment) == 400);
}

TEST_CASE("request paths: absolute, encoded-slash and empty-segment tricks are refused") {
    CHECK(path_error("index.html") == PathError::NotAbsolute);
    CHECK(path_error("//etc/passwd") == PathError::EmptySegment);
    CHECK(path_error("/%2Fetc/passwd") == PathError::EmptySegment);
    CHECK(path_error("/a//b") == PathError::EmptySegment);
    CHECK(path_error("/a%5c..%5cb") == PathError::BadCharacter);
    CHECK(path_error("/a%00.html") == PathError::BadCharacter);
    CHECK(path_error("/a%0d%0aX: y") == PathError::BadCharacter);
    CHECK(path_error("/a%zz") == PathError::BadEncoding);
    CHECK(path_error("/a%4") == PathError::BadEncoding);
}

TEST_CASE("request paths: hidden files are not found (404)") {
    CHECK(path_error("/.git/config") == PathError::Hidden);
    CHECK(path_error("/css/.htpasswd") == PathError::Hidden);
    CHECK(status_for(PathError::Hidden) == 404);
}

TEST_CASE("web root: files beneath it are read with their content type") {
    Site site;
    const auto root = WebRoot::open(site.root);
    REQUIRE(root.ok());
    const auto page = root->read("index.html");
    REQUIRE(page.ok());
    CHECK(page->content == "<h1>hi</h1>");
    CHECK(page->content_type == "text/html; charset=utf-8");
    CHECK(root->read("css/app.css")->content_type == "text/css; charset=utf-8");
    CHECK(root->read("inside.css")->content == "body{}");  // a link that stays inside is fine
}

TEST_CASE("web root: symbolic links out of it, and .. in any form, are not found") {
    Site site;
    const auto root = WebRoot::open(site.root);
    REQUIRE(root.ok());
    for (std::string_view name : {"escape.txt", "relative-escape.txt", "up/outside.txt", "../outside.txt", "missing.html",
                                  "/etc/passwd"}) {
        INFO(name);
        const auto r = root->read(name);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error() == FileError::NotFound);
    }
}

TEST_CASE("web root: a folder is reported as one, so the client can be redirected") {
    Site site;
    const auto root = WebRoot::open(site.root);
    REQUIRE(root.ok());
    CHECK(root->read("docs").error() == FileError::IsDirectory);
}

TEST_CASE("web root: a missing folder cannot be opened") {
    CHECK_FALSE(WebRoot::open("/nonexistent/web").ok());
}

TEST_CASE("content types: by extension, in any case, octet-stream otherwise") {
    CHECK(content_type_for("index.html") == "text/html; charset=utf-8");
    CHECK(content_type_for("js/app.JS") == "text/javascript; charset=utf-8");
    CHECK(content_type_for("a.mjs") == "text/javascript; charset=utf-8");
    CHECK(content_type_for("icon.svg") == "image/svg+xml");
    CHECK(content_type_for("x.json") == "application/json");
    CHECK(content_type_for("README") == "application/octet-stream");
    CHECK(content_type_for("dir.html/file") == "application/octet-stream");
    CHECK(content_type_for("archive.tar.gz") == "application/octet-stream");
}
