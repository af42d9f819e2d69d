#include "admin_args.hpp"

namespace turn::admin {

std::string_view admin_usage() {
    return R"(Usage: turnadmin [command] [options]

Commands:
	-P, --generate-encrypted-password	print the $5$ form of -p (for admin users)
	-k, --key			print the long-term key of -u, -r, -p
	-a, --add			add or update a long-term user (-u, -r, -p)
	-A, --add-admin			add or update an admin user (-u, -p, optional -r)
	-d, --delete			delete a long-term user (-u, -r)
	-D, --delete-admin		delete an admin user (-u)
	-l, --list			list long-term users (optional -r)
	-L, --list-admin		list admin users
	-s, --set-secret=<value>	add a TURN REST API shared secret (-r)
	-S, --show-secret		list shared secrets (optional -r)
	-X, --delete-secret=<value>	delete a shared secret (-r)
	    --delete-all-secrets	delete all shared secrets (optional -r)
	-O, --add-origin		add an origin-to-realm relation (-o, -r)
	-R, --del-origin		delete an origin-to-realm relation (-o)
	-I, --list-origins		list origin-to-realm relations (optional -r)
	-g, --set-realm-option		set realm options (-r and --max-bps, --total-quota, --user-quota)
	-G, --list-realm-options	list realm options (optional -r)
	    --add-oauth-key		add or replace an RFC 7635 oauth key (--auth-key-id, --auth-key,
					optional --auth-key-as-rs-alg, --auth-key-timestamp,
					--auth-key-lifetime, -r)
	    --delete-oauth-key		delete an oauth key (--auth-key-id)
	    --list-oauth-keys		list oauth keys
	-h, --help			this help

Options with values:
	-b, --db, --userdb		SQLite database file; default: the first that exists of
					/var/db/turndb, /usr/local/var/db/turndb, /var/lib/turn/turndb
	-u, --user			user name
	-r, --realm			realm
	-p, --password			password
	-o, --origin			origin
	    --max-bps			realm's max-bps (0 removes the option)
	    --total-quota		realm's total-quota (0 removes the option)
	    --user-quota		realm's user-quota (0 removes the option)
	    --auth-key-id		oauth key id (kid), the USERNAME of token requests
	    --auth-key			oauth key material, base64 (ikm_key): at least 32 bytes
					for A256GCM, 16 for A128GCM
	    --auth-key-as-rs-alg	A256GCM (default) or A128GCM
	    --auth-key-timestamp	when the key starts, seconds since 1970 (default 0)
	    --auth-key-lifetime		seconds the key lasts from its timestamp (default 0: no end)

Exit status: 0 done, 1 bad arguments, 2 database error, 3 no such entry.
)";
}

}  // namespace turn::admin
