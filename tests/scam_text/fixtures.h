/*
 * fixtures.h - the texts the scam_text unit tests (and the bench) classify: staged scripts in zh-Hans,
 * zh-Hant, en, th and vi, a police-impersonation script, hard negatives (police leaflets in zh and en, a news
 * article, an ordinary chat), a trafficking-cue text and ICAO 9303 specimen MRZs. Written for these
 * tests (synthetic, no real person or case); identifiers are the ICAO "UTOPIA" specimens.
 */
#ifndef DFT_TEST_SCAM_FIXTURES_H
#define DFT_TEST_SCAM_FIXTURES_H

static const char SCRIPT_ZH[] =
    "【话术】新人培训资料\n"
    "第一步：破冰。客户说：你是谁？你回：不好意思，发错信息了，我是Lisa，我在新加坡工作。\n"
    "第二步：嘘寒问暖，每天早安晚安，聊我们的未来。\n"
    "第三步：带单。告诉客户我舅舅是分析师，有内幕消息，稳赚不赔。\n"
    "第四步：让客户下载APP，注册账号。你要先教他买U，小额试试，体验金500。\n"
    "第五步：加仓，名额有限，升级VIP。\n"
    "第六步：客户要提现时，告诉他需要先交个人所得税才能解冻。\n";

static const char SCRIPT_ZH_HANT[] =
    "【話術】新人培訓資料\n"
    "第一步：破冰。客戶說：你是誰？你回：不好意思，發錯訊息了，我在新加坡工作。\n"
    "第二步：噓寒問暖，每天早安，聊我們的未來。\n"
    "第三步：帶單。告訴客戶我舅舅是分析師，穩賺不賠。\n"
    "第四步：讓客戶下載APP，註冊帳號，小額試試，體驗金500。\n"
    "第五步：加倉，名額有限，升級VIP。\n"
    "第六步：客戶要提現時，告訴他需要先交個人所得稅才能解凍。\n";

static const char SCRIPT_EN[] =
    "Sales script - new staff training\n"
    "Step 1: Open with a wrong number message: \"Hi, is this Anna?\" If the client says no, you reply: "
    "\"Sorry, wrong person, nice to meet you!\"\n"
    "Step 2: Persona: I work in Singapore, my uncle is an analyst at a fund. Send good morning dear every day "
    "and talk about our future.\n"
    "Step 3: Tell {name} that my mentor shares insider data and there is guaranteed profit on every trade.\n"
    "Step 4: Ask {name} to download the app and register an account. You must help them buy USDT and start "
    "small with a first deposit.\n"
    "Step 5: VIP level upgrades have limited slots, ask them to top up.\n"
    "Step 6: When the client asks for a withdrawal, say the account needs an AML review and personal income "
    "tax must be paid first.\n";

static const char SCRIPT_TH[] =
    "สคริปต์สำหรับพนักงานใหม่\n"
    "ขั้นตอนที่ 1: ทักผิด แล้วขอเป็นเพื่อน ลูกค้าพูดว่า \"คุณคือใคร\" ให้ตอบว่า \"ขอโทษค่ะ ทักผิด ฉันทำงานที่สิงคโปร์\"\n"
    "ขั้นตอนที่ 2: เรียกลูกค้าว่าที่รัก คุยเรื่องอนาคตของเรา\n"
    "ขั้นตอนที่ 3: บอกว่าลุงของฉันเป็นนักวิเคราะห์ ชวนลงทุนคริปโต กำไรแน่นอน\n"
    "ขั้นตอนที่ 4: ให้ลูกค้าดาวน์โหลดแอป สมัครสมาชิก แล้วซื้อ USDT เติมเงินครั้งแรก\n"
    "ขั้นตอนที่ 5: อัปเกรด VIP ลงเพิ่ม\n"
    "ขั้นตอนที่ 6: เมื่อลูกค้าจะถอนเงิน บอกว่าต้องจ่ายภาษีและค่าธรรมเนียม บัญชีถูกระงับ\n";

static const char SCRIPT_VI[] =
    "KỊCH BẢN CHĂM KHÁCH\n"
    "Bước 1: Nhắn nhầm số rồi làm quen. Khách nói: \"Ai vậy?\" Bạn trả lời: \"Xin lỗi, em nhắn nhầm, em làm việc ở "
    "Singapore.\"\n"
    "Bước 2: Gọi khách là anh yêu, nói về tương lai của chúng ta.\n"
    "Bước 3: Chú của em là chuyên gia phân tích, rủ khách đầu tư tiền ảo, lãi suất cao.\n"
    "Bước 4: Hướng dẫn khách tải ứng dụng, đăng ký tài khoản trên sàn giao dịch, mua USDT trên Binance, chơi thử "
    "trước.\n"
    "Bước 5: Mời khách nâng cấp VIP, nạp thêm tiền.\n"
    "Bước 6: Khi khách rút tiền, báo tài khoản bị đóng băng do nghi ngờ rửa tiền, phải đóng thuế.\n";

static const char SCRIPT_POLICE_ZH[] =
    "公检法话术\n"
    "第一步：我是警官，来自上海市公安局。\n"
    "第二步：告诉客户他的身份证涉嫌洗钱，已经发出通缉令。\n"
    "第三步：你要先让他下载APP，把钱转到安全账户配合调查。\n"
    "第四步：核查完毕后解冻资金。\n";

static const char LEAFLET_ZH[] =
    "警方提醒：警惕“杀猪盘”网络交友诈骗\n"
    "骗子通常在婚恋网站上结识受害人，假装发错信息，然后嘘寒问暖，谈论“我们的未来”。\n"
    "取得信任后，骗子会声称有内幕消息，投资稳赚，诱导受害人下载APP注册账号，先小额试试。\n"
    "当受害人想提现时，骗子以缴纳个人所得税、解冻费等理由拒绝出金。\n"
    "切勿轻信陌生人的投资建议，不要轻信“稳赚不赔”。如已被骗，请立即报警或拨打反诈专线96110举报。\n";

static const char LEAFLET_EN[] =
    "SCAM ALERT: pig-butchering investment fraud\n"
    "Police warning. Beware of strangers who contact you with a wrong number message and then talk about our "
    "future.\n"
    "They claim to have insider data and guaranteed profit, ask you to download the app, buy USDT and start "
    "small.\n"
    "When you ask for a withdrawal they demand personal income tax or an unfreeze fee.\n"
    "Never send money to people you have only met online. If you are a victim, report to the police hotline.\n"
    "Protect yourself.\n";

static const char NEWS_EN[] =
    "Police raid scam compound, free 200 workers\n"
    "According to police, the compound ran \"pig butchering\" scams. Police said workers were ordered to chat "
    "with strangers, build trust and persuade them to buy USDT and download the app of a fake platform. When "
    "the victims tried a withdrawal, they were told to pay personal income tax. Twelve managers were arrested, "
    "an officer told reporters.\n";

static const char CHAT_EN[] =
    "Hi mum, good morning! Did you get home safely? I will download the app for the train tickets and "
    "register an account tonight. Let's have dinner on Sunday. Love you.\n";

static const char TIP_TEXT[] =
    "员工情况：护照由公司保管，不能出园区。欠款3万，挂账每月2000。业绩不达标就关小黑屋，被电击。\n"
    "He was sold to another company after they took our passports. We work 16 hours a day with no day off "
    "and were fined for using phones.\n"
    "พาสปอร์ตถูกยึด ห้ามออกจากตึก\n"
    "Chúng tôi bị nhốt, hộ chiếu bị giữ.\n"
    "Paspor ditahan dan gaji tinggi dijanjikan.\n";

/* ICAO Doc 9303 specimens (Part 4 TD3, Part 5 TD1, Part 6 TD2): ERIKSSON, ANNA MARIA of Utopia. */
static const char MRZ_TD3[] =
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10\n";
static const char MRZ_TD1[] =
    "I<UTOD231458907<<<<<<<<<<<<<<<\r\n"
    "7408122F1204159UTO<<<<<<<<<<<6\r\n"
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<\r\n";
static const char MRZ_TD2[] =
    "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\n"
    "D231458907UTO7408122F1204159<<<<<<<6\n";

static const char NOVEL_EN[] =
    "Chapter 7\n"
    "She met him on a dating app. He said he was an engineer, and they talked every morning.\n"
    "After a month he told her about his uncle's insider signals on a crypto platform. \"Just download the "
    "app,\" he said, \"and try with a small deposit.\" She put in a thousand dollars and watched it grow. He "
    "urged her to add more to reach the VIP level. When she tried to withdraw, the platform said she must pay "
    "a personal income tax first. She sat alone in the kitchen and finally understood.\n";
static const char SCRIPT_VI_PLAIN[] =
    "Kich ban lam viec\n"
    "Buoc 1: nhan nham so, lam quen. Em lam viec o Singapore.\n"
    "Buoc 2: moi ngay hoi han, noi ve tuong lai cua chung ta.\n"
    "Buoc 3: gioi thieu dau tu tien ao, loi nhuan, lai suat cao.\n"
    "Buoc 4: huong dan tai ung dung, dang ky tai khoan tren san giao dich.\n"
    "Buoc 5: cho khach choi thu, mua USDT.\n"
    "Buoc 6: nang cap VIP, nap them.\n"
    "Buoc 7: muon rut tien phai dong thue, tai khoan bi dong bang.\n"
    "Khach noi: em khong muon nap nua. Ban tra loi: anh lo cho tuong lai cua chung ta.\n";

/* An anti-trafficking NGO leaflet (hard negative): it names the abuses, so its cues are reported for
 * review but marked advisory_context, confidence 0.2 (issue 11 review). */
static const char NGO_LEAFLET_EN[] =
    "Know your rights - a leaflet for migrant workers\n"
    "Many people are recruited with promises of high-paying jobs abroad. Workers are fined for missing quotas.\n"
    "Some are beaten and sold to other compounds.\n"
    "If this happens to you or someone you know, call the hotline 1300. Never send money to a recruiter.\n";

/* Indonesian playbook (issue 11: "id at least"; terms analyst-proposed, need native review). */
static const char SCRIPT_ID[] =
    "Naskah kerja tim 3\n"
    "Langkah 1: salah kirim pesan, lalu boleh kenalan? Bilang saya kerja di Singapura.\n"
    "Langkah 2: setiap hari panggil sayang, bicara masa depan kita.\n"
    "Langkah 3: ceritakan sinyal trading dari paman saya analis, keuntungan pasti.\n"
    "Langkah 4: bantu klien unduh aplikasi dan daftar akun.\n"
    "Langkah 5: minta isi saldo kecil dulu atau beli USDT.\n"
    "Langkah 6: ajak tambah modal untuk upgrade VIP.\n"
    "Langkah 7: saat tarik dana, akun dibekukan sampai bayar pajak.\n"
    "Kalau klien bilang tidak mau lagi, kamu jawab: ini demi masa depan kita.\n";

#endif
