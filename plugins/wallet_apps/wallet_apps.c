/*
 * wallet_apps.c - the wallet_apps plugin: wallet browser extensions (MetaMask and forks, Ronin,
 * TronLink, Phantom, Trust, Coinbase, OKX, Bitget: Chromium extension LevelDB; MetaMask in Firefox:
 * IndexedDB), MetaMask mobile (persist-root), wallet apps' data folders on Android and iOS, and desktop wallets (Exodus, Atomic,
 * Ledger Live, Wasabi). Each becomes a wallets row, a crypto.wallet finding, and address findings
 * linked to it (plugins/wallet_apps/wa.h). docs/wallet-apps.md is the manual.
 *
 * Wallet files proper (wallet.dat, Electrum, keystore v3) belong to the `wallets` plugin; keystore
 * JSON met inside an app folder is only listed here by path.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "wa.h"

/* Browser extensions by id (crypto.md §2.4-2.5). */
static const struct {
    const char *id, *kind, *chain, *name;
} extensions[] = {
    { "nkbihfbeogaeaoehlefnkodbefgpgknn", "metamask_extension", "eth", "MetaMask" },
    { "ejbalbakoplchlghecdalmeeeajnimhm", "metamask_extension", "eth", "MetaMask (Edge)" },
    { "fhbohimaelbohpjbbldcngcnapndodjp", "binance_extension", "multi", "Binance Chain Wallet" },
    { "fnjhmkhhmkbjkkabndcnnogagogbneec", "ronin_extension", "ronin", "Ronin Wallet" },
    { "ibnejdfjmmkpcnlpebklmnkoeoihofec", "tronlink_extension", "trx", "TronLink" },
    { "bfnaelmomeimhlpmgjnjophhpkkoljpa", "phantom_extension", "sol", "Phantom" },
    { "egjidjbpglichdcondbcbdnbeeppgdph", "trust_extension", "multi", "Trust Wallet" },
    { "hnfanknocfeofbddgcijnmhnfnkdnaad", "coinbase_extension", "multi", "Coinbase Wallet" },
    { "mcohilncbfahbmgdjkbpemcciiolgcge", "okx_extension", "multi", "OKX Wallet" },
    { "jiidiaalihmmhddjgbnbgdfflelocpak", "bitget_extension", "multi", "Bitget Wallet" },
};

/* Android packages (crypto.md §2.5). */
static const struct {
    const char *package, *kind, *chain, *name;
} apps[] = {
    { "com.tronlinkpro.wallet", "tronlink_app", "trx", "TronLink" },
    { "im.token.app", "imtoken_app", "multi", "imToken" },
    { "vip.mytokenpocket", "tokenpocket_app", "multi", "TokenPocket" },
    { "com.bitpie", "bitpie_app", "multi", "Bitpie" },
    { "com.wallet.crypto.trustapp", "trust_app", "multi", "Trust Wallet" },
    { "com.okinc.okex.gp", "okx_app", "multi", "OKX" },
    { "com.okx.wallet", "okx_wallet_app", "multi", "OKX Wallet" },
    { "com.binance.dev", "binance_app", "multi", "Binance" },
    { "exodusmovement.exodus", "exodus_app", "multi", "Exodus" },
    { "com.coinomi.wallet", "coinomi_app", "multi", "Coinomi" },
    { "org.toshi", "coinbase_wallet_app", "multi", "Coinbase Wallet" },
};

#define NEXT (sizeof extensions / sizeof extensions[0])
#define NAPP (sizeof apps / sizeof apps[0])

static const dft_claim claims[] = {
    { DFT_CLAIM_DIR, "*/Local Extension Settings/nkbihfbeogaeaoehlefnkodbefgpgknn" },
    { DFT_CLAIM_DIR, "*/Local Extension Settings/ejbalbakoplchlghecdalmeeeajnimhm" },
    { DFT_CLAIM_DIR, "*/Local Extension Settings/fhbohimaelbohpjbbldcngcnapndodjp" },
    { DFT_CLAIM_DIR, "*/Local Extension Settings/fnjhmkhhmkbjkkabndcnnogagogbneec" },
    { DFT_CLAIM_DIR, "*/Local Extension Settings/ibnejdfjmmkpcnlpebklmnkoeoihofec" },
    { DFT_CLAIM_DIR, "*/Local Extension Settings/bfnaelmomeimhlpmgjnjophhpkkoljpa" },
    { DFT_CLAIM_DIR, "*/Local Extension Settings/egjidjbpglichdcondbcbdnbeeppgdph" },
    { DFT_CLAIM_DIR, "*/Local Extension Settings/hnfanknocfeofbddgcijnmhnfnkdnaad" },
    { DFT_CLAIM_DIR, "*/Local Extension Settings/mcohilncbfahbmgdjkbpemcciiolgcge" },
    { DFT_CLAIM_DIR, "*/Local Extension Settings/jiidiaalihmmhddjgbnbgdfflelocpak" },
    { DFT_CLAIM_DIR, "*/data/data/com.tronlinkpro.wallet" },
    { DFT_CLAIM_DIR, "*/data/data/im.token.app" },
    { DFT_CLAIM_DIR, "*/data/data/vip.mytokenpocket" },
    { DFT_CLAIM_DIR, "*/data/data/com.bitpie" },
    { DFT_CLAIM_DIR, "*/data/data/com.wallet.crypto.trustapp" },
    { DFT_CLAIM_DIR, "*/data/data/com.okinc.okex.gp" },
    { DFT_CLAIM_DIR, "*/data/data/com.okx.wallet" },
    { DFT_CLAIM_DIR, "*/data/data/com.binance.dev" },
    { DFT_CLAIM_DIR, "*/data/data/exodusmovement.exodus" },
    { DFT_CLAIM_DIR, "*/data/data/com.coinomi.wallet" },
    { DFT_CLAIM_DIR, "*/data/data/org.toshi" },
    /* only the container folders themselves (a UUID), not every folder inside them */
    { DFT_CLAIM_DIR, "*/Containers/Data/Application/\?\?\?\?\?\?\?\?-\?\?\?\?-\?\?\?\?-\?\?\?\?-\?\?\?\?\?\?\?\?\?\?\?\?" },
    { DFT_CLAIM_DIR, "*/exodus.wallet" },
    { DFT_CLAIM_DIR, "*/atomic/Local Storage/leveldb" },
    { DFT_CLAIM_PATH, "*/persistStore/persist-root" },
    { DFT_CLAIM_PATH, "*/Ledger Live/app.json" },
    { DFT_CLAIM_PATH, "*/WalletWasabi/Client/Wallets/*.json" },
    { DFT_CLAIM_PATH, "*/storage/default/moz-extension+++*/idb/*.sqlite" },
    { DFT_CLAIM_END, NULL },
};

/* The last path component. */
static const char *base(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static bool ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcmp(s + n - m, suf) == 0;
}

static int scan_dir(dft_scan *s, const dft_file *f, const dft_content *c)
{
    const char *p = f->device_path, *b = base(p);
    if (fnmatch("*/Local Extension Settings/*", p, 0) == 0)
        for (size_t i = 0; i < NEXT; i++)
            if (strcmp(b, extensions[i].id) == 0)
                return wa_scan_extension(s, f, c, extensions[i].kind, extensions[i].chain, extensions[i].id,
                                         extensions[i].name);
    if (fnmatch("*/data/data/*", p, 0) == 0)
        for (size_t i = 0; i < NAPP; i++)
            if (strcmp(b, apps[i].package) == 0 && ends_with(p, apps[i].package) &&
                strlen(p) >= strlen("/data/data/") + strlen(b) &&
                strncmp(p + strlen(p) - strlen(b) - strlen("/data/data/"), "/data/data/", 11) == 0)
                return wa_scan_app_dir(s, f, c, apps[i].kind, apps[i].chain, apps[i].package, apps[i].name,
                                       "android");
    if (strcmp(b, "exodus.wallet") == 0) return wa_scan_exodus(s, f, c);
    if (fnmatch("*/atomic/Local Storage/leveldb", p, 0) == 0) return wa_scan_atomic(s, f, c);
    if (strstr(p, "/Containers/Data/Application/")) return wa_scan_ios_container(s, f, c);
    return DFT_OK;
}

static int wallet_apps_scan(dft_scan *s, const dft_file *f, const dft_content *c)
{
    if (f->type == 'd') return scan_dir(s, f, c);
    if (strcmp(f->name, "persist-root") == 0) return wa_scan_persist_root(s, f, c);
    if (strcmp(f->name, "app.json") == 0) return wa_scan_ledger_live(s, f, c);
    if (ends_with(f->name, ".json") && strstr(f->device_path, "/WalletWasabi/Client/Wallets/"))
        return wa_scan_wasabi(s, f, c);
    if (ends_with(f->name, ".sqlite") && strstr(f->device_path, "/storage/default/moz-extension+++"))
        return wa_scan_firefox_idb(s, f, c);
    return DFT_OK;
}

/* IndexedDB runs in WAL mode: its -wal is copied beside the database */
static const char *const siblings[] = { "-wal", NULL };

const dft_plugin dft_plugin_wallet_apps = {
    .abi = DFT_PLUGIN_ABI,
    .struct_size = sizeof(dft_plugin),
    .name = "wallet_apps",
    .version = "1.0.0",
    .description = "wallet browser extensions (MetaMask LevelDB, Firefox IndexedDB ...), MetaMask mobile, wallet apps on phones, "
                   "Exodus/Atomic/Ledger Live/Wasabi: wallets, vault KDF and crack line, addresses",
    .claims = claims,
    .siblings = siblings,
    .access = DFT_ACCESS_WHOLE,
    .max_size = 256u << 20,
    .scan = wallet_apps_scan,
};
