#!/usr/bin/env bash
# e2e_chat_ios - attachments of iOS chat apps link to their files rows in both iOS evidence layouts:
# a full-file-system extraction (/private/var/mobile/Containers/Shared/AppGroup/<UUID>/...) and an
# iTunes/Finder backup (files named by SHA-1 of domain-relativePath, device paths "domain/relativePath").
# WhatsApp iOS stores "Media/..." relative to the app group's Message/ directory; iMessage stores
# "~/Library/SMS/Attachments/...", which a backup keeps in MediaDomain. Asserts exact link targets,
# message counts and the chat.database attachments_linked count, and identical rows in both layouts.
# Messenger iOS stores an absolute path under an app group UUID that is not the extraction's (fs) or a
# backup domain (itunes): it links through re-rooting onto the database's own container.
# Usage: e2e_chat_ios.sh DFT_BIN TESTIMAGES WORKDIR MAKE_FIXTURES_PY WA_MAKE_PY SYS_MAKE_PY MORE_MAKE_PY
source "$(dirname "$0")/../e2e/lib.sh"
MAKE=${1:?make_fixtures.py}
command -v python3 >/dev/null || exit 77
FX=$WORK/fx
python3 "$MAKE" "$FX" "${2:?wa make_fixtures.py}" "${3:?sys make_fixtures.py}" "${4:?more make_fixtures.py}" >/dev/null || fail "make_fixtures.py failed"
AG=/private/var/mobile/Containers/Shared/AppGroup/3F2E1D0C-AAAA-4BBB-8CCC-0123456789AB
WAD=AppDomainGroup-group.net.whatsapp.WhatsApp.shared
FBAG=/private/var/mobile/Containers/Shared/AppGroup/D4C3B2A1-1111-4222-8333-944455556666   # not the stored UUID
FBD=AppDomainGroup-group.com.facebook.Messenger
FBPH=lightspeed-TAMStorage/media_bank/AdvancedCrypto/ab/persistent/img1.jpg

links() { # CASE -> "message source>device path" of every attachment link, in message order
    q "$1" "SELECT group_concat(s, ' ') FROM (SELECT m.source || '>' || f.device_path AS s FROM links l
            JOIN messages m ON m.id = l.from_id AND l.from_table = 'messages'
            JOIN files f ON f.id = l.to_id AND l.to_table = 'files'
            WHERE l.relation = 'attachment' ORDER BY m.source)"
}
matched() { # CASE -> "message source=details.matched_by" of every attachment link, in message order
    q "$1" "SELECT group_concat(s, ' ') FROM (SELECT m.source || '=' || coalesce(json_extract(l.details, '$.matched_by'), '-') AS s
            FROM links l JOIN messages m ON m.id = l.from_id AND l.from_table = 'messages'
            WHERE l.relation = 'attachment' ORDER BY m.source)"
}
linked() { # CASE PARSER -> chat.database attachments_linked of that parser
    q "$1" "SELECT group_concat(json_extract(details, '$.attachments_linked'), ',') FROM findings
            WHERE kind = 'chat.database' AND json_extract(details, '$.parser') = '$2'"
}

C=$WORK/fs.db
must_ingest "$C" "$FX/fs" --no-progress
got=$(links "$C")
want="ZWAMESSAGE:3>$AG/Message/Media/66898765432@s.whatsapp.net/a/b/photo-1.jpg client_messages:2>$FBAG/$FBPH message:4>/private/var/mobile/Library/SMS/Attachments/ab/11/AT-0001/IMG_0001.jpeg"
[ "$got" = "$want" ] && ok "fs: WhatsApp, Messenger (other UUID) and iMessage attachments linked" || softfail "fs: links = $got"
got=$(matched "$C")
[ "$got" = "ZWAMESSAGE:3=- client_messages:2=app_container message:4=-" ] && ok "fs: links say how the path was matched" \
    || softfail "fs: matched_by = $got"
fs_rows=$(q "$C" "SELECT count(*) || '|' || sum(attachment IS NOT NULL) FROM messages")

C=$WORK/itunes.db
must_ingest "$C" "$FX/itunes" --no-progress
got=$(links "$C")
want="ZWAMESSAGE:3>$WAD/Message/Media/66898765432@s.whatsapp.net/a/b/photo-1.jpg client_messages:2>$FBD/$FBPH message:4>MediaDomain/Library/SMS/Attachments/ab/11/AT-0001/IMG_0001.jpeg"
[ "$got" = "$want" ] && ok "itunes: WhatsApp, Messenger and iMessage attachments linked" || softfail "itunes: links = $got"
got=$(matched "$C")
[ "$got" = "ZWAMESSAGE:3=itunes_domain client_messages:2=app_container message:4=itunes_domain" ] \
    && ok "itunes: links say how the path was matched" || softfail "itunes: matched_by = $got"
got=$(linked "$C" whatsapp-ios)/$(linked "$C" imessage-ios)/$(linked "$C" messenger-ios-lightspeed)
[ "$got" = 1/1/1 ] && ok "itunes: chat.database attachments_linked 1 each (whatsapp, imessage, messenger)" \
    || softfail "itunes: attachments_linked whatsapp-ios/imessage-ios = $got"
it_rows=$(q "$C" "SELECT count(*) || '|' || sum(attachment IS NOT NULL) FROM messages")
[ -n "$fs_rows" ] && [ "$fs_rows" = "$it_rows" ] && ok "same message rows in both layouts ($it_rows)" \
    || softfail "messages fs=$fs_rows itunes=$it_rows"
finish
