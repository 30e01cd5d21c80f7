"""The demo's 地域資源: about 360 listings over the 18 wards, built in two steps.

plan_listings(world, rng) draws every listing — name and reading, organiser, place, venue,
schedules, status, visibility, contacts, last confirmation — from a plain snapshot of the places
tree and the demo organisations (World), without touching the database: the same world and seed
give the same plan. write_listings(plans) then stores the plan in a few bulk inserts.

The activities the casebook names are among them: 中区 第6地区社協の南部市場お買物ツアー, the four
mobile-sales sites of 磯子区 久良岐丘自治会, 栄区's 19 mobile-sales sites, 港北区's ibasho 「ゆずの樹」
and 「ふらっと」, the private services 瀬谷区's care managers asked for, and salons, exercise, meals,
meal delivery and watch-over in 青葉区, 西区 and 神奈川区. Every date is relative to REFERENCE_DATE,
never to today, so the demo reads the same whenever it is loaded.

Names carry readings (name_kana) that are right for their kanji: a listing is named after a
place only when that place's reading is in PLACE_READINGS below; otherwise it takes a name
without a place in it.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import jaconv

REFERENCE_DATE = date(2026, 11, 1)
TOKYO = ZoneInfo("Asia/Tokyo")
KANA = re.compile(r"^[\u3041-\u3096ー ]+$")
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

# Share of the listings drawn at random (the casebook's own listings keep their states).
PAUSED, ENDED, PLANNED, RESUMED = 0.08, 0.02, 0.02, 0.05
STAFF_ONLY, DRAFT = 0.08, 0.04
STALE = 0.20

# --- readings ---------------------------------------------------------------------------------

# Keyed by yokohama.stem of the 町丁目 (「高田町」→ 高田, 「高田西一丁目」→ 高田西).
_PLACE_READINGS = """
中区: 簑沢:みのさわ 本牧:ほんもく 本牧和田:ほんもくわだ 本牧宮原:ほんもくみやばら 本牧原:ほんもくはら
  本牧間門:ほんもくまかど 本牧大里:ほんもくおおさと 本牧荒井:ほんもくあらい 本牧十二天:ほんもくじゅうにてん
  本牧三之谷:ほんもくさんのたに 本牧緑ケ丘:ほんもくみどりがおか 本牧満坂:ほんもくまんざか 本牧ふ頭:ほんもくふとう
  南本牧:みなみほんもく 新港:しんこう 根岸:ねぎし 根岸旭台:ねぎしあさひだい 根岸加曽台:ねぎしかそだい
  根岸台:ねぎしだい 山手:やまて 麦田:むぎた 千代崎:ちよざき 竹之丸:たけのまる 大平:おおだいら 打越:うちこし
  柏葉:かしわば 西之谷:にしのや 豆口台:まめぐちだい 滝之上:たきのうえ 寺久保:てらくぼ 矢口台:やぐちだい
  仲尾台:なかおだい 初音:はつね 日ノ出:ひので 野毛:のげ 石川:いしかわ 元町:もとまち 山元:やまもと 諏訪:すわ
  千鳥:ちどり 新山下:しんやました 池袋:いけぶくろ 鷺山:さぎやま 妙香寺台:みょうこうじだい 大芝台:おおしばだい
  山吹:やまぶき 相生:あいおい 伊勢佐木:いせざき 末吉:すえよし 花咲:はなさき 宮川:みやがわ 太田:おおた
  赤門:あかもん 黄金:こがね 上野:うえの 三吉:みよし 吉田:よしだ 羽衣:はごろも 弥生:やよい 松影:まつかげ
  曙町:あけぼのちょう 豊浦:とようら 錦町:にしきちょう 万代:ばんだい 桜木:さくらぎ 和田山:わだやま
  塚越:つかこし 小港:こみなと 本郷:ほんごう
保土ケ谷区: 保土ケ谷:ほどがや 岩井:いわい 岩間:いわま 霞台:かすみだい 帷子:かたびら 釜台:かまだい 鎌谷:かまや
  上菅田:かみすげた 上星川:かみほしかわ 狩場:かりば 川島:かわしま 川辺:かわべ 神戸:ごうど 権太坂:ごんたざか
  境木:さかいぎ 坂本:さかもと 桜ケ丘:さくらがおか 新桜ケ丘:しんさくらがおか 瀬戸ケ谷:せとがや 月見台:つきみだい
  天王:てんのう 常盤台:ときわだい 西久保:にしくぼ 西谷:にしや 初音ケ丘:はつねがおか 花見台:はなみだい
  東川島:ひがしかわしま 藤塚:ふじづか 仏向:ぶっこう 仏向西:ぶっこうにし 星川:ほしかわ 峰岡:みねおか
  宮田:みやた 明神台:みょうじんだい 今井:いまい 新井:あらい 岡沢:おかざわ 法泉:ほうせん 和田:わだ 岩崎:いわさき
南区: 井土ケ谷上:いどがやかみ 井土ケ谷下:いどがやしも 井土ケ谷中:いどがやなか 永田北:ながたきた
  永田台:ながただい 永田東:ながたひがし 永田南:ながたみなみ 永田山王台:ながたさんのうだい
  永田みなみ台:ながたみなみだい 弘明寺:ぐみょうじ 大岡:おおおか 蒔田:まいた 南太田:みなみおおた 六ツ川:むつかわ
  別所:べっしょ 別所中里台:べっしょなかざとだい 中里:なかざと 清水ケ丘:しみずがおか 花之木:はなのき
  宿町:しゅくまち 三春台:みはるだい 唐沢:からさわ 庚台:かのえだい 山王:さんのう 睦町:むつみちょう
  八幡:はちまん 吉野:よしの 万世:ばんせい 高根:たかね 平楽:へいらく 堀ノ内:ほりのうち 中村:なかむら 日枝:ひえ
  白妙:しろたえ 通町:とおりちょう 前里:まえざと 真金:まがね 共進:きょうしん 二葉:ふたば 伏見:ふしみ
  宮元:みやもと 浦舟:うらふね 永楽:えいらく 榎町:えのきちょう 大橋:おおはし 高砂:たかさご 若宮:わかみや
  東蒔田:ひがしまいた 南吉田:みなみよしだ 中島:なかじま 西中:にしなか 新川:しんかわ
戸塚区: 戸塚:とつか 上倉田:かみくらた 下倉田:しもくらた 矢部:やべ 上矢部:かみやべ 舞岡:まいおか
  南舞岡:みなみまいおか 柏尾:かしお 上柏尾:かみかしお 品濃:しなの 上品濃:かみしなの 平戸:ひらど 汲沢:ぐみざわ
  深谷:ふかや 原宿:はらじゅく 名瀬:なせ 俣野:またの 東俣野:ひがしまたの 影取:かげとり 小雀:こすずめ 秋葉:あきば
  川上:かわかみ 鳥が丘:とりがおか 前田:まえだ
旭区: 鶴ケ峰:つるがみね 二俣川:ふたまたがわ 今宿:いまじゅく 今宿西:いまじゅくにし 今宿東:いまじゅくひがし
  今宿南:いまじゅくみなみ 本宿:ほんじゅく 南本宿:みなみほんじゅく 市沢:いちさわ 大池:おおいけ 金が谷:かねがや
  上川井:かみかわい 下川井:しもかわい 上白根:かみしらね 白根:しらね 中白根:なかしらね 川井宿:かわいじゅく
  桐が作:きりがさく 左近山:さこんやま 笹野台:ささのだい さちが丘:さちがおか 善部:ぜんぶ 都岡:つおか
  中尾:なかお 中沢:なかざわ 中希望が丘:なかきぼうがおか 東希望が丘:ひがしきぼうがおか
  南希望が丘:みなみきぼうがおか 万騎が原:まきがはら 矢指:やざし 若葉台:わかばだい 三反田:さんたんだ
  四季美台:しきみだい 本村:ほんむら 柏町:かしわちょう 西川島:にしかわしま
栄区: 笠間:かさま 飯島:いいじま 犬山:いぬやま 尾月:おづく 鍛冶ケ谷:かじがや 桂台北:かつらだいきた
  桂台中:かつらだいなか 桂台西:かつらだいにし 桂台東:かつらだいひがし 桂台南:かつらだいみなみ 桂町:かつらちょう
  金井:かない 上郷:かみごう 亀井:かめい 公田:くでん 小菅ケ谷:こすがや 小山台:こやまだい
  庄戸:しょうど 田谷:たや 中野:なかの 長尾台:ながおだい 長倉:ながくら 長沼:ながぬま 野七里:のしちり
  柏陽:はくよう 東上郷:ひがしかみごう 本郷台:ほんごうだい 元大橋:もとおおはし 若竹:わかたけ
泉区: 池の谷:いけのや 和泉が丘:いずみがおか 和泉中央北:いずみちゅうおうきた 和泉中央南:いずみちゅうおうみなみ
  和泉:いずみ 桂坂:かつらざか 上飯田:かみいいだ 下飯田:しもいいだ 下和泉:しもいずみ 白百合:しらゆり
  新橋:しんばし 中田:なかだ 中田北:なかだきた 中田西:なかだにし 中田東:なかだひがし 中田南:なかだみなみ
  西が岡:にしがおか 弥生台:やよいだい 領家:りょうけ 緑園:りょくえん
港北区: 大倉山:おおくらやま 大曽根:おおそね 大曽根台:おおそねだい 菊名:きくな 岸根:きしね
  北新横浜:きたしんよこはま 小机:こづくえ 篠原:しのはら 篠原北:しのはらきた 篠原台:しのはらだい
  篠原西:しのはらにし 篠原東:しのはらひがし 下田:しもだ 新横浜:しんよこはま 新吉田:しんよしだ
  新吉田東:しんよしだひがし 高田:たかた 高田西:たかたにし 高田東:たかたひがし 樽町:たるまち
  綱島台:つなしまだい 綱島西:つなしまにし 綱島東:つなしまひがし 鳥山:とりやま 仲手原:なかてはら
  錦が丘:にしきがおか 新羽:にっぱ 日吉:ひよし 富士塚:ふじづか 大豆戸:まめど 箕輪:みのわ 師岡:もろおか
港南区: 大久保:おおくぼ 上大岡西:かみおおおかにし 上大岡東:かみおおおかひがし 上永谷:かみながや 港南:こうなん
  港南台:こうなんだい 港南中央通:こうなんちゅうおうどおり 最戸:さいど 笹下:ささげ 下永谷:しもながや
  芹が谷:せりがや 野庭:のば 東芹が谷:ひがしせりがや 東永谷:ひがしながや 日限山:ひぎりやま 日野:ひの
  日野中央:ひのちゅうおう 日野南:ひのみなみ 丸山台:まるやまだい
瀬谷区: 相沢:あいざわ 阿久和西:あくわにし 阿久和東:あくわひがし 阿久和南:あくわみなみ 東野:とうの
  東野台:とうのだい 上瀬谷:かみせや 北新:きたしん 北町:きたまち 五貫目:ごかんめ 下瀬谷:しもせや 瀬谷:せや
  竹村:たけむら 中央:ちゅうおう 中屋敷:なかやしき 橋戸:はしど 二ツ橋:ふたつばし 三ツ境:みつきょう
  南瀬谷:みなみせや 南台:みなみだい 宮沢:みやざわ 目黒:めぐろ
磯子区: 磯子:いそご 磯子台:いそごだい 鳳町:おおとりちょう 岡村:おかむら 上中里:かみなかざと 栗木:くりき
  坂下:さかした 汐見台:しおみだい 新磯子:しんいそご 新杉田:しんすぎた 新中原:しんなかはら 杉田:すぎた
  杉田坪呑:すぎたつぼのみ 滝頭:たきがしら 田中:たなか 中浜:なかはま 中原:なかはら 馬場:ばば 久木:ひさぎ
  氷取沢:ひとりざわ 広地:ひろじ 丸山:まるやま 森:もり 森が丘:もりがおか 洋光台:ようこうだい 西町:にしまち
  原町:はらまち 東町:ひがしまち 屛風ヶ浦:びょうぶがうら 久良岐丘:くらきがおか
神奈川区: 青木:あおき 旭ケ丘:あさひがおか 出田:いでた 浦島丘:うらしまがおか 浦島:うらしま 大口通:おおぐちどおり
  大野:おおの 片倉:かたくら 神奈川:かながわ 神之木台:かみのきだい 神之木:かみのき 神大寺:かんだいじ
  菅田:すげた 子安台:こやすだい 子安通:こやすどおり 斎藤分:さいとうぶん 沢渡:さわたり 白幡:しらはた
  白幡仲:しらはたなか 白幡西:しらはたにし 白幡東:しらはたひがし 白幡南:しらはたみなみ 白幡向:しらはたむかい
  新子安:しんこやす 高島台:たかしまだい 反町:たんまち 台町:だいまち 鶴屋:つるや 富家:とみや 鳥越:とりごえ
  中丸:なかまる 七島:ななしま 西大口:にしおおぐち 西神奈川:にしかながわ 西寺尾:にしてらお
  二本榎:にほんえのき 白楽:はくらく 羽沢:はざわ 羽沢南:はざわみなみ 橋本:はしもと 東神奈川:ひがしかながわ
  平川:ひらかわ 二ツ谷:ふたつや 松ケ丘:まつがおか 松見:まつみ 松本:まつもと 瑞穂:みずほ 三ツ沢下:みつざわしも
  三ツ沢中:みつざわなか 三ツ沢西:みつざわにし 三ツ沢東:みつざわひがし 三ツ沢南:みつざわみなみ 守屋:もりや
  山内:やまうち 六角橋:ろっかくばし 栗田谷:くりたや 幸ケ谷:こうがや 桐畑:きりばたけ 亀住:かめずみ 入江:いりえ
  恵比須:えびす 千若:ちわか 星野:ほしの 鈴繁:すずしげ 栄町:さかえちょう 新町:しんまち
緑区: 中山:なかやま 青砥:あおと いぶき野:いぶきの 上山:かみやま 鴨居:かもい 北八朔:きたはっさく 霧が丘:きりがおか
  小山:こやま 竹山:たけやま 台村:だいむら 寺山:てらやま 十日市場:とおかいちば 長津田:ながつた
  長津田みなみ台:ながつたみなみだい 新治:にいはる 西八朔:にしはっさく 白山:はくさん 東本郷:ひがしほんごう
  三保:みほ 森の台:もりのだい
西区: 東ケ丘:あずまがおか 老松:おいまつ 岡野:おかの 霞ケ丘:かすみがおか 北軽井沢:きたかるいざわ 北幸:きたさいわい
  楠町:くすのきちょう 久保:くぼ 御所山:ごしょやま 境之谷:さかいのや 浅間台:せんげんだい 浅間:せんげん 高島:たかしま
  戸部:とべ 西戸部:にしとべ 西平沼:にしひらぬま 西前:にしまえ 浜松:はままつ 東久保:ひがしくぼ 平沼:ひらぬま
  藤棚:ふじだな みなとみらい:みなとみらい 南軽井沢:みなみかるいざわ 南幸:みなみさいわい 南浅間:みなみせんげん
  宮ケ谷:みやがや 宮崎:みやざき 元久保:もとくぼ 紅葉ケ丘:もみじがおか 伊勢:いせ
都筑区: あゆみが丘:あゆみがおか 池辺:いこのべ 牛久保:うしくぼ 牛久保西:うしくぼにし 牛久保東:うしくぼひがし
  荏田東:えだひがし 荏田南:えだみなみ 大熊:おおくま 大棚:おおだな 大丸:だいまる 折本:おりもと 加賀原:かがはら
  勝田:かちだ 勝田南:かちだみなみ 川向:かわむこう 川和台:かわわだい 川和:かわわ 北山田:きたやまた
  葛が谷:くずがや 佐江戸:さえど 桜並木:さくらなみき 新栄:しんえい すみれが丘:すみれがおか 高山:たかやま
  茅ケ崎中央:ちがさきちゅうおう 茅ケ崎:ちがさき 茅ケ崎東:ちがさきひがし 茅ケ崎南:ちがさきみなみ 中川:なかがわ
  中川中央:なかがわちゅうおう 仲町台:なかまちだい 長坂:ながさか 二の丸:にのまる 早渕:はやぶち 東方:ひがしかた
  東山田:ひがしやまた 平台:ひらだい 富士見が丘:ふじみがおか 南山田:みなみやまた 見花山:みはなやま
金沢区: 朝比奈:あさひな 大川:おおかわ 片吹:かたぶき 金沢:かなざわ 釜利谷:かまりや 釜利谷西:かまりやにし
  釜利谷東:かまりやひがし 釜利谷南:かまりやみなみ 幸浦:さちうら 白帆:しらほ 洲崎:すさき 瀬戸:せと
  高舟台:たかふねだい 大道:だいどう 寺前:てらまえ 泥亀:でいき 富岡西:とみおかにし 富岡東:とみおかひがし
  鳥浜:とりはま 長浜:ながはま 並木:なみき 西柴:にししば 能見台:のうけんだい 能見台通:のうけんだいどおり
  能見台東:のうけんだいひがし 能見台森:のうけんだいもり 野島:のじま 東朝比奈:ひがしあさひな 平潟:ひらかた
  福浦:ふくうら 堀口:ほりぐち 町屋:まちや みず木:みずき 六浦:むつうら 六浦東:むつうらひがし
  六浦南:むつうらみなみ 柳町:やなぎちょう
青葉区: 青葉台:あおばだい あかね台:あかねだい あざみ野:あざみの あざみ野南:あざみのみなみ 市ケ尾:いちがお
  美しが丘:うつくしがおか 美しが丘西:うつくしがおかにし 梅が丘:うめがおか 荏子田:えこだ 荏田北:えだきた
  荏田:えだ 荏田西:えだにし 榎が丘:えのきがおか 大場:おおば 恩田:おんだ 柿の木台:かきのきだい 桂台:かつらだい
  上谷本:かみやもと 鴨志田:かもしだ 鉄町:くろがねちょう 黒須田:くろすだ 桜台:さくらだい さつきが丘:さつきがおか
  下谷本:しもやもと しらとり台:しらとりだい 新石川:しんいしかわ 寺家:じけ すすき野:すすきの
  すみよし台:すみよしだい たちばな台:たちばなだい 田奈:たな 千草台:ちぐさだい つつじが丘:つつじがおか 奈良:なら
  成合:なりあい 藤が丘:ふじがおか 松風台:まつかぜだい みすずが丘:みすずがおか みたけ台:みたけだい
  緑山:みどりやま もえぎ野:もえぎの 元石川:もといしかわ もみの木台:もみのきだい 若草台:わかくさだい
  たまプラーザ:たまぷらーざ
鶴見区: 朝日:あさひ 安善:あんぜん 潮田:うしおだ 江ケ崎:えがさき 小野:おの 梶山:かじやま 上末吉:かみすえよし
  上の宮:かみのみや 寛政:かんせい 岸谷:きしや 北寺尾:きたてらお 駒岡:こまおか 汐入:しおいり 獅子ケ谷:ししがや
  下野谷:しものや 尻手:しって 下末吉:しもすえよし 菅沢:すがさわ 諏訪坂:すわざか 佃野:つくの 鶴見:つるみ
  鶴見中央:つるみちゅうおう 寺谷:てらや 豊岡:とよおか 仲通:なかどおり 生麦:なまむぎ 浜町:はまちょう
  東寺尾:ひがしてらお 平安:へいあん 向井:むかい 元宮:もとみや 矢向:やこう 大東:だいとう 末広:すえひろ
  市場富士見:いちばふじみ 市場大和:いちばやまと 市場東中:いちばひがしなか 市場西中:いちばにしなか
  市場上:いちばかみ 市場下:いちばしも
"""

WARD_READINGS = {
    "鶴見区": "つるみく", "神奈川区": "かながわく", "西区": "にしく", "中区": "なかく", "南区": "みなみく",
    "保土ケ谷区": "ほどがやく", "磯子区": "いそごく", "金沢区": "かなざわく", "港北区": "こうほくく",
    "戸塚区": "とつかく", "港南区": "こうなんく", "旭区": "あさひく", "緑区": "みどりく", "瀬谷区": "せやく",
    "栄区": "さかえく", "泉区": "いずみく", "青葉区": "あおばく", "都筑区": "つづきく",
}


def _parse_readings(text: str) -> dict[str, str]:
    readings: dict[str, str] = {}
    for token in text.split():
        if token.endswith(":") and token[:-1] in WARD_READINGS:
            continue
        name, _, reading = token.partition(":")
        readings[name] = reading
    return readings


PLACE_READINGS: dict[str, str] = _parse_readings(_PLACE_READINGS)
_DIGITS = ["", "いち", "に", "さん", "よん", "ご", "ろく", "なな", "はち", "きゅう"]


def number_reading(n: int) -> str:
    """1–99 as 第N地区 is read: 6 → ろく, 12 → じゅうに."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else "じゅう" if tens == 1 else _DIGITS[tens] + "じゅう"
    return head + _DIGITS[ones]


def reading_of(name: str) -> str | None:
    """The reading of a demo place's name, or None: 桂台中 → かつらだいなか, 桂台中自治会 →
    かつらだいなかじちかい, 第6地区 → だいろくちく, 大場地域ケアプラザ → おおばちいきけあぷらざ."""
    from tsunagu.demo.names import stem

    for suffix, kana in (("自治会", "じちかい"), ("町内会", "ちょうないかい"), ("地域ケアプラザ", "ちいきけあぷらざ"),
                         ("地区", "ちく")):
        if name.endswith(suffix) and len(name) > len(suffix):
            head = reading_of(name[: -len(suffix)])
            return head + kana if head else None
    match = re.fullmatch(r"第(\d{1,2})", name)
    if match:
        return "だい" + number_reading(int(match.group(1)))
    return PLACE_READINGS.get(name) or PLACE_READINGS.get(stem(name))


def kana_of(text: str) -> str:
    """The reading of text written in kana only (katakana becomes hiragana; ・ and brackets go)."""
    return re.sub(r"[・（）「」、。]", "", jaconv.kata2hira(text))


# --- the world, as plain data -----------------------------------------------------------------


@dataclass(frozen=True)
class Spot:
    pk: int
    kind: str
    name: str
    code: str
    parent_id: int | None
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class Org:
    pk: int
    kind: str
    name: str
    place_id: int
    phone: str


class World:
    """The places tree and the organisations, read once; plan_listings needs nothing else."""

    def __init__(self, places: list[Spot], orgs: list[Org]):
        self.places = {p.pk: p for p in places}
        self.children: dict[int, list[Spot]] = defaultdict(list)
        for p in places:
            if p.parent_id is not None:
                self.children[p.parent_id].append(p)
        self.orgs: dict[int, list[Org]] = defaultdict(list)
        for o in orgs:
            self.orgs[o.place_id].append(o)
        self.by_pk = {o.pk: o for o in orgs}
        self._blocks: dict[int, list[Spot]] = {}

    @classmethod
    def load(cls) -> World:
        from tsunagu.people.models import Organisation
        from tsunagu.places.models import Place

        places = [Spot(*row) for row in Place.objects.order_by("pk").values_list(
            "pk", "kind", "name", "code", "parent_id", "latitude", "longitude")]
        orgs = [Org(*row) for row in Organisation.objects.order_by("pk").values_list(
            "pk", "kind", "name", "place_id", "phone")]
        return cls(places, orgs)

    def wards(self) -> list[Spot]:
        return sorted((p for p in self.places.values() if p.kind == "ward"), key=lambda p: p.code)

    def kids(self, spot: Spot, kind: str) -> list[Spot]:
        return [c for c in self.children[spot.pk] if c.kind == kind]

    def blocks(self, spot: Spot) -> list[Spot]:
        """The 町丁目 with a point under a place (or the place itself, if it is one)."""
        if spot.pk not in self._blocks:
            if spot.kind == "block":
                found = [spot] if spot.latitude is not None else []
            else:
                found = [b for c in self.children[spot.pk] for b in self.blocks(c)]
            self._blocks[spot.pk] = found
        return self._blocks[spot.pk]

    def ancestor(self, spot: Spot, kind: str) -> Spot | None:
        while spot is not None and spot.kind != kind:
            spot = self.places.get(spot.parent_id) if spot.parent_id else None
        return spot

    def org(self, spot: Spot, kind: str) -> Org | None:
        return next((o for o in self.orgs[spot.pk] if o.kind == kind), None)

    def nearest_block(self, spot: Spot) -> Spot:
        blocks = self.blocks(spot)
        if spot.latitude is None:
            return blocks[0]
        return min(blocks, key=lambda b: (b.latitude - spot.latitude) ** 2 + (b.longitude - spot.longitude) ** 2)

    def find_block(self, ward: Spot, *names: str) -> Spot | None:
        for name in names:
            for block in self.blocks(ward):
                if block.name == name:
                    return block
        return None


# --- the plan ---------------------------------------------------------------------------------


@dataclass
class SchedulePlan:
    freq: str = "WEEKLY"
    interval: int = 1
    byday: str = ""
    bymonthday: str = ""
    dtstart: date | None = None
    until: date | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    opens_at: time | None = None
    closes_at: time | None = None
    notes: str = ""
    closed_on_holidays: bool = False
    closed_at_new_year: bool = False


@dataclass
class LocationPlan:
    name: str
    address: str
    latitude: float
    longitude: float
    block_id: int
    transportation: str = ""
    accessibility: str = ""


@dataclass
class ListingPlan:
    name: str
    name_kana: str
    place_id: int
    categories: tuple[str, ...]
    description: str
    organisation_id: int | None = None
    organiser_name: str = ""
    location: LocationPlan | None = None
    schedules: list[SchedulePlan] = field(default_factory=list)
    status: str = "active"
    status_reason: str = ""
    status_date: date | None = None
    visibility: str = "public"
    schedule_note: str = ""
    is_free: bool = False
    cost: str = ""
    eligibility: str = "anyone"
    minimum_age: int | None = None
    eligibility_note: str = ""
    capacity: int | None = None
    application: str = ""
    public_contact_name: str = ""
    public_phone: str = ""
    staff_contact: str = ""
    has_pickup: bool = False
    wheelchair: bool = False
    intensity: int = 0
    internal_note: str = ""
    confirmed_at: datetime | None = None
    confirmed_by: str = ""
    confirmed_how: str = ""
    # The casebook's own listings: the random pass leaves their status and visibility alone.
    pinned: bool = False
    # Whom the public contact goes through when the organiser is a resident group.
    contact_org_id: int | None = None


LISTING_FIELDS = [
    "name", "name_kana", "place_id", "description", "organisation_id", "organiser_name", "status", "status_reason",
    "status_date", "visibility", "schedule_note", "is_free", "cost", "eligibility", "minimum_age", "eligibility_note",
    "capacity", "application", "public_contact_name", "public_phone", "staff_contact", "has_pickup", "wheelchair",
    "intensity", "internal_note", "confirmed_at", "confirmed_by", "confirmed_how",
]


def weekly(days: str, opens: time | None, closes: time | None, **kw) -> SchedulePlan:
    return SchedulePlan(freq="WEEKLY", byday=days, opens_at=opens, closes_at=closes, **kw)


def monthly(opens: time | None, closes: time | None, *, byday: str = "", bymonthday: str = "", **kw) -> SchedulePlan:
    return SchedulePlan(freq="MONTHLY", byday=byday, bymonthday=bymonthday, opens_at=opens, closes_at=closes, **kw)


def once(day: date, opens: time | None, closes: time | None, notes: str = "") -> SchedulePlan:
    return SchedulePlan(freq="", dtstart=day, opens_at=opens, closes_at=closes, notes=notes)


def t(text: str) -> time:
    hour, minute = text.split(":")
    return time(int(hour), int(minute))


# --- names ------------------------------------------------------------------------------------

# Nicknames groups give themselves, with readings.
NICKS = [
    ("ひだまり", "ひだまり"), ("ひまわり", "ひまわり"), ("すみれ", "すみれ"), ("たんぽぽ", "たんぽぽ"),
    ("さくら", "さくら"), ("あじさい", "あじさい"), ("コスモス", "こすもす"), ("なごみ", "なごみ"),
    ("やすらぎ", "やすらぎ"), ("えがお", "えがお"), ("ぽかぽか", "ぽかぽか"), ("陽だまり", "ひだまり"),
    ("花みずき", "はなみずき"), ("木もれび", "こもれび"), ("四つ葉", "よつば"), ("菜の花", "なのはな"),
    ("若葉", "わかば"), ("ふるさと", "ふるさと"), ("つばき", "つばき"), ("もみじ", "もみじ"), ("すずらん", "すずらん"),
    ("なでしこ", "なでしこ"), ("こぶし", "こぶし"), ("けやき", "けやき"), ("いちょう", "いちょう"),
    ("青空", "あおぞら"), ("虹", "にじ"), ("結", "ゆい"), ("絆", "きずな"), ("縁側", "えんがわ"), ("寄り道", "よりみち"),
    ("わいわい", "わいわい"), ("にこにこ", "にこにこ"), ("のんびり", "のんびり"), ("ほっこり", "ほっこり"),
    ("よってって", "よってって"), ("みんなの輪", "みんなのわ"), ("笑顔", "えがお"), ("春風", "はるかぜ"),
    ("若竹", "わかたけ"), ("松風", "まつかぜ"), ("白百合", "しらゆり"), ("せせらぎ", "せせらぎ"), ("どんぐり", "どんぐり"),
]

# (surface, reading, intensity, extra categories) per kind; {P} is a place, {K} a nickname.
NAMES: dict[str, list[tuple]] = {
    "salon": [
        ("{P}ふれあいサロン", "{P}ふれあいさろん"), ("{P}いきいきサロン", "{P}いきいきさろん"),
        ("{P}お茶のみサロン", "{P}おちゃのみさろん"), ("{P}サロン {K}", "{P}さろん {K}"),
        ("ふれあいサロン {K}", "ふれあいさろん {K}"), ("サロン {K}", "さろん {K}"),
        ("おしゃべりサロン {K}", "おしゃべりさろん {K}"), ("ふれあい喫茶 {K}", "ふれあいきっさ {K}"),
        ("{K}サロン", "{K}さろん"), ("{P}男のサロン", "{P}おとこのさろん"),
    ],
    "taiso": [
        ("{P}いきいき体操", "{P}いきいきたいそう", 2), ("{P}元気体操の会", "{P}げんきたいそうのかい", 2),
        ("{P}ラジオ体操会", "{P}らじおたいそうかい", 2), ("{P}ウォーキングの会", "{P}うぉーきんぐのかい", 3),
        ("{P}筋力アップ体操教室", "{P}きんりょくあっぷたいそうきょうしつ", 3), ("{P}いす体操の会", "{P}いすたいそうのかい", 1),
        ("いきいき体操 {K}", "いきいきたいそう {K}", 2), ("ストレッチ教室 {K}", "すとれっちきょうしつ {K}", 2),
        ("いす体操 {K}", "いすたいそう {K}", 1), ("リズム体操 {K}", "りずむたいそう {K}", 2),
        ("ハマトレ {K}", "はまとれ {K}", 2), ("{P}ノルディックウォーキング", "{P}のるでぃっくうぉーきんぐ", 3),
    ],
    "kaishoku": [
        ("{P}ふれあい会食会", "{P}ふれあいかいしょくかい"), ("{P}会食会", "{P}かいしょくかい"),
        ("{P}地域食堂", "{P}ちいきしょくどう"), ("{P}みんなの食堂", "{P}みんなのしょくどう"),
        ("会食会 {K}", "かいしょくかい {K}"), ("{K}食堂", "{K}しょくどう"), ("地域食堂 {K}", "ちいきしょくどう {K}"),
    ],
    "shumi": [
        ("{P}囲碁クラブ", "{P}いごくらぶ"), ("{P}健康麻雀の会", "{P}けんこうまーじゃんのかい"),
        ("{P}歌声サロン", "{P}うたごえさろん"), ("{P}手芸の会", "{P}しゅげいのかい"), ("{P}俳句の会", "{P}はいくのかい"),
        ("{P}書道サークル", "{P}しょどうさーくる"), ("{P}カラオケ同好会", "{P}からおけどうこうかい"),
        ("{P}スマホ教室", "{P}すまほきょうしつ"), ("{P}園芸クラブ", "{P}えんげいくらぶ"),
        ("{P}グラウンドゴルフの会", "{P}ぐらうんどごるふのかい", 2, ("taiso",)),
        ("{P}男の料理教室", "{P}おとこのりょうりきょうしつ", 0, ("kaishoku",)),
        ("歌声喫茶 {K}", "うたごえきっさ {K}"), ("手芸サークル {K}", "しゅげいさーくる {K}"),
        ("折り紙の会 {K}", "おりがみのかい {K}"), ("健康麻雀 {K}", "けんこうまーじゃん {K}"),
    ],
    "ibasho": [
        ("{P}みんなの居場所", "{P}みんなのいばしょ"), ("{P}地域の茶の間", "{P}ちいきのちゃのま"),
        ("{P}コミュニティカフェ", "{P}こみゅにてぃかふぇ"), ("居場所 {K}", "いばしょ {K}"),
        ("コミュニティカフェ {K}", "こみゅにてぃかふぇ {K}"), ("{K}の家", "{K}のいえ"),
        ("地域の茶の間 {K}", "ちいきのちゃのま {K}"),
    ],
    "ninchisho-cafe": [
        ("{P}オレンジカフェ", "{P}おれんじかふぇ"), ("{P}認知症カフェ", "{P}にんちしょうかふぇ"),
        ("オレンジカフェ {K}", "おれんじかふぇ {K}"), ("認知症カフェ {K}", "にんちしょうかふぇ {K}"),
    ],
    "idou-hanbai": [("移動販売 {P}会場", "いどうはんばい {P}かいじょう")],
    "idou-shien": [
        ("{P}送迎ボランティア", "{P}そうげいぼらんてぃあ"), ("{P}おでかけ支援", "{P}おでかけしえん"),
        ("おでかけ支援 {K}", "おでかけしえん {K}"), ("送迎サービス {K}", "そうげいさーびす {K}"),
    ],
    "haishoku": [
        ("{P}配食サービス", "{P}はいしょくさーびす"), ("{P}お弁当の会", "{P}おべんとうのかい"),
        ("配食サービス {K}", "はいしょくさーびす {K}"), ("お弁当配達 {K}", "おべんとうはいたつ {K}"),
    ],
    "kaimono": [
        ("{P}買物お助け隊", "{P}かいものおたすけたい"), ("{P}買物代行サービス", "{P}かいものだいこうさーびす"),
        ("買物お助け隊 {K}", "かいものおたすけたい {K}"),
    ],
    "kaji": [
        ("{P}ちょこっとお助け隊", "{P}ちょこっとおたすけたい"), ("{P}たすけあいの会", "{P}たすけあいのかい"),
        ("{P}生活応援隊", "{P}せいかつおうえんたい"), ("ちょこっとお助け隊 {K}", "ちょこっとおたすけたい {K}"),
        ("たすけあい {K}", "たすけあい {K}"),
    ],
    "mimamori-katsudou": [
        ("{P}見守り隊", "{P}みまもりたい"), ("{P}見守りネットワーク", "{P}みまもりねっとわーく"),
        ("{P}安心見守り活動", "{P}あんしんみまもりかつどう"), ("見守り活動 {K}", "みまもりかつどう {K}"),
    ],
    "koekake": [
        ("{P}ふれあい訪問", "{P}ふれあいほうもん"), ("{P}声かけ訪問の会", "{P}こえかけほうもんのかい"),
        ("ふれあい訪問 {K}", "ふれあいほうもん {K}"),
    ],
    "soudan": [
        ("{P}よろず相談", "{P}よろずそうだん"), ("{P}暮らしの相談会", "{P}くらしのそうだんかい"),
        ("{P}介護なんでも相談", "{P}かいごなんでもそうだん"), ("暮らしの相談会 {K}", "くらしのそうだんかい {K}"),
    ],
}

DESCRIPTIONS: dict[str, list[str]] = {
    "salon": [
        "地域の方が気軽に集まり、お茶を飲みながらおしゃべりを楽しむサロンです。季節の行事や簡単な体操も行っています。",
        "{org}の有志が運営するサロンです。毎回ミニ講話や脳トレを取り入れています。初めての方も歓迎します。",
        "ひとり暮らしの方も、ご夫婦でも、どなたでもお越しください。歌や手遊び、おしゃべりで楽しく過ごしています。",
        "手作りのお菓子とお茶を囲んで、近所の方同士が顔を合わせる場です。{cp}の職員が時々顔を出し、健康の相談にも応じています。",
        "男性だけで集まるサロンです。将棋や昔話、ときどき料理もします。",
    ],
    "taiso": [
        "椅子に座ったままできる体操で、無理なく体を動かします。体力に自信のない方も安心して参加できます。",
        "ハマトレ（横浜市の介護予防体操）を中心に、筋力づくりとバランス運動を行います。",
        "ストレッチと筋力トレーニングで転倒予防を目指します。動きやすい服装と飲み物をお持ちください。",
        "音楽に合わせて体を動かすリズム体操です。終わった後のおしゃべりも楽しみのひとつです。",
        "タオルを使った体操と口の体操（口腔ケア）を行います。",
    ],
    "taiso-outdoor": [
        "公園でラジオ体操第一・第二を行っています。雨天中止です。",
        "地域の仲間と一緒に、季節の景色を楽しみながら約5キロを歩きます。雨天中止です。",
        "ポールを使って歩くノルディックウォーキングです。ポールは貸し出します。",
    ],
    "kaishoku": [
        "地域のボランティアが手作りした昼食を、みんなで一緒にいただく会食会です。",
        "ひとり暮らしの高齢の方などを対象に、季節の献立で会食を行っています。食後はレクリエーションの時間があります。",
        "子どもから高齢の方まで、どなたでも利用できる地域食堂です。",
        "男性の参加者も多い会食会です。民生委員も参加し、近況をうかがっています。",
    ],
    "shumi": [
        "同じ趣味の仲間と楽しく活動しています。初心者には経験者が教えますので、見学だけでも歓迎です。",
        "「飲まない・賭けない・吸わない」の健康麻雀です。頭の体操として人気があります。",
        "懐かしい歌謡曲や童謡を、ピアノ伴奏でみんなで歌います。",
        "スマートフォンの使い方を地域の学生ボランティアが教えます。LINEやカメラなど、聞きたいことを持ってきてください。",
        "花壇の手入れをしながら交流する会です。収穫した野菜はみんなで分けています。",
    ],
    "ibasho": [
        "空き家を活用した居場所です。開いている時間はいつでも立ち寄れます。",
        "子どもからお年寄りまで、誰でも自由に過ごせる地域の茶の間です。",
        "コーヒー1杯でゆっくり過ごせるコミュニティカフェです。地域の情報コーナーもあります。",
    ],
    "ninchisho-cafe": [
        "認知症の方やご家族、地域の方が気軽に集い、情報交換できるカフェです。{cp}の専門職も参加し、相談に応じます。",
        "認知症の方もご家族も、お茶を飲みながらゆっくり過ごせる場です。介護の悩みも気軽にお話しください。",
    ],
    "idou-hanbai": [
        "スーパーの移動販売車が来ます。生鮮食品や日用品を買うことができます。地域のボランティアが品出しや荷物運びをお手伝いしています。",
        "坂の多い地域に、週に1回スーパーの移動販売車が来ます。買物の後はベンチでおしゃべりする方も多く、顔を合わせる場になっています。",
    ],
    "idou-shien": [
        "通院や買物のため、住民ボランティアが車で送迎します。事前に会員登録が必要です。",
        "坂の多い地域で、ワゴン車で近くのスーパーや病院まで送迎しています。",
    ],
    "haishoku": [
        "ボランティアが手作りのお弁当をご自宅までお届けし、あわせて安否を確認します。",
        "栄養バランスを考えたお弁当を届けます。受け取りの際に、ひとことお話しするのを大切にしています。",
    ],
    "kaimono": [
        "買物が難しい方に代わって、ボランティアが近くのお店で買物をします。",
        "重い物や日用品の買物をボランティアがお手伝いします。買物リストを電話で伝えるだけで大丈夫です。",
    ],
    "kaji": [
        "電球の交換、ゴミ出し、庭の草取りなど、ちょっとした困りごとを住民ボランティアがお手伝いします。",
        "要支援の方などを対象に、掃除や買物などの家事を住民ボランティアがお手伝いします。",
    ],
    "mimamori-katsudou": [
        "見守り協力員が、ひとり暮らしの高齢の方を定期的に訪問し、声をかけています。",
        "新聞や郵便物がたまっている、雨戸が閉まったままなど、気になることがあれば地区社協と民生委員に連絡する仕組みです。",
        "見守り活動の担い手が集まり、気になる方の情報を共有しています。",
    ],
    "koekake": [
        "民生委員と協力して、75歳以上のひとり暮らしの方にお便りを届け、声かけをしています。",
        "地区社協のボランティアが月に1回ご自宅を訪ね、おしゃべりをしながら困りごとをうかがいます。",
    ],
    "soudan": [
        "介護や健康、暮らしの困りごとについて、{cp}の職員がうかがいます。予約は不要です。",
        "「何から相談したらいいかわからない」という方も歓迎です。{cp}の職員と民生委員が一緒にお話をうかがいます。",
    ],
}

COSTS = {
    "salon": ["1回100円（お茶代）", "1回200円（お茶・お菓子代）", "年会費1,000円", "1回100円"],
    "taiso": ["1回100円", "月300円（会場費）", "年会費1,200円（保険料込み）"],
    "kaishoku": ["1食300円", "1食500円", "大人300円・子ども無料", "1食400円"],
    "shumi": ["月500円（会場費）", "1回200円", "年会費2,000円"],
    "ibasho": ["コーヒー1杯100円", "1回100円（お茶代）"],
    "ninchisho-cafe": ["1回100円（飲み物代）"],
    "haishoku": ["1食400円", "1食500円", "1食450円"],
    "kaimono": ["1回100円"],
    "kaji": ["30分300円（利用券制）", "1時間500円"],
    "idou-shien": ["1回200円（燃料代）", "片道100円"],
}
FREE_SHARE = {"salon": 0.35, "taiso": 0.55, "shumi": 0.3, "ibasho": 0.4, "ninchisho-cafe": 0.5, "idou-shien": 0.4,
              "kaimono": 0.3, "kaishoku": 0.0, "haishoku": 0.0, "kaji": 0.0}

APPLICATION = {
    "salon": "不要・直接会場へ", "taiso": "不要・直接会場へ", "shumi": "見学は随時。入会は代表者へ",
    "ibasho": "不要・開いている時間にどうぞ", "ninchisho-cafe": "不要・直接会場へ",
    "kaishoku": "前週までに代表者へ（電話可）", "haishoku": "地域ケアプラザまたは民生委員を通じて申込み",
    "kaimono": "利用の3日前までに電話で", "kaji": "事前に会員登録が必要です",
    "idou-shien": "事前に会員登録のうえ、利用の3日前までに予約", "soudan": "不要・直接会場へ",
    "idou-hanbai": "不要", "mimamori-katsudou": "", "koekake": "",
}

# Which places a kind of listing belongs to, with weights.
LEVELS = {
    "salon": [("association", 6), ("cp", 2), ("district", 1)],
    "taiso": [("association", 4), ("cp", 3), ("district", 2)],
    "kaishoku": [("district", 5), ("association", 3), ("cp", 1)],
    "shumi": [("association", 4), ("cp", 4)],
    "ibasho": [("association", 3), ("district", 2)],
    "ninchisho-cafe": [("cp", 1)],
    "haishoku": [("district", 3), ("cp", 2)],
    "kaimono": [("cp", 1)],
    "kaji": [("cp", 2), ("district", 1)],
    "idou-shien": [("cp", 1)],
    "mimamori-katsudou": [("association", 3), ("district", 2)],
    "koekake": [("district", 1)],
    "soudan": [("cp", 1)],
    "idou-hanbai": [("association", 1)],
}
# How often each kind comes up among the ordinary listings.
KIND_WEIGHTS = [
    ("salon", 22), ("taiso", 18), ("kaishoku", 8), ("shumi", 10), ("ibasho", 5), ("ninchisho-cafe", 4),
    ("haishoku", 5), ("kaji", 6), ("idou-shien", 3), ("kaimono", 3), ("mimamori-katsudou", 7), ("koekake", 3),
    ("soudan", 3), ("idou-hanbai", 3),
]
# The wards whose salons, exercise, meals, meal delivery and watch-over the demo shows.
SHOWCASE = {"青葉区", "西区", "神奈川区", "瀬谷区", "中区", "磯子区"}
MUST_HAVE = ["salon", "taiso", "kaishoku", "haishoku", "mimamori-katsudou"]

CP_ROOMS = {
    "taiso": "多目的ホール", "kaishoku": "調理室", "haishoku": "調理室", "kaji": "ボランティアルーム",
    "idou-shien": "ボランティアルーム", "kaimono": "ボランティアルーム", "soudan": "相談室",
}

PAUSE_REASONS = [
    ("新型コロナウイルス感染症の影響で休止", (date(2020, 3, 1), date(2022, 1, 31))),
    ("新型コロナウイルス感染症の影響で休止。再開の時期は世話人会で検討中", (date(2021, 1, 1), date(2022, 8, 31))),
    ("会場の改修工事のため休止（2027年4月再開予定）", (date(2026, 9, 1), date(2026, 10, 1))),
    ("担い手の高齢化により休止中。再開に向けて地区社協と相談しています", (date(2025, 4, 1), date(2026, 3, 31))),
    ("代表者の体調不良のため当面休止", (date(2026, 5, 1), date(2026, 10, 15))),
]
END_REASONS = [
    ("参加者の減少により終了", (date(2025, 3, 31), date(2026, 3, 31))),
    ("会場の閉鎖に伴い終了", (date(2025, 9, 30), date(2026, 6, 30))),
]
HOWS = ["電話で確認", "訪問時に確認", "代表者がリンクから確認"]


def _between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


def _next_weekday(start: date, weekday: int) -> date:
    return start + timedelta(days=(weekday - start.weekday()) % 7)


class Planner:
    def __init__(self, world: World, rng: random.Random):
        from tsunagu.demo.names import GIVEN, SURNAMES

        self.world = world
        self.rng = rng
        self.surnames, self.given = SURNAMES, GIVEN
        self.plans: list[ListingPlan] = []
        self.names: set[str] = set()

    # -- small makers ----------------------------------------------------------------------
    def person(self) -> str:
        return f"{self.rng.choice(self.surnames)} {self.rng.choice(self.given)}"

    def phone(self) -> str:
        return f"045-{self.rng.randint(200, 999)}-{self.rng.randint(1000, 9999)}"

    def mobile(self) -> str:
        return f"0{self.rng.choice('89')}0-{self.rng.randint(1000, 9999)}-{self.rng.randint(1000, 9999)}"

    def weekday(self, weekend: bool = False) -> str:
        return self.rng.choice(WEEKDAYS[:6] if weekend else WEEKDAYS[:5])

    def location(self, name: str, ward: Spot, block: Spot, *, accessible: bool = False) -> LocationPlan:
        from tsunagu.demo.names import stem

        rng = self.rng
        if block.name.endswith("丁目") or len(block.name) > 4:
            number = f"{rng.randint(1, 30)}-{rng.randint(1, 25)}"
        else:
            number = f"{rng.randint(100, 2999)}-{rng.randint(1, 15)}"
        transport = ""
        if rng.random() < 0.6:
            transport = f"「{stem(block.name)}」バス停から徒歩{rng.randint(1, 10)}分"
        access = "段差なし・車いす用トイレあり" if accessible else rng.choice(
            ["入口に段差あり（2段）", "2階（階段のみ）", "段差なし", ""])
        return LocationPlan(
            name=name,
            address=f"横浜市{ward.name}{block.name}{number}",
            latitude=round(block.latitude + rng.uniform(-0.0012, 0.0012), 6),
            longitude=round(block.longitude + rng.uniform(-0.0015, 0.0015), 6),
            block_id=block.pk,
            transportation=transport,
            accessibility=access,
        )

    def add(self, plan: ListingPlan) -> ListingPlan:
        if not KANA.match(plan.name_kana):
            raise ValueError(f"{plan.name}: reading {plan.name_kana!r} is not all hiragana")
        self.names.add(plan.name)
        self.plans.append(plan)
        return plan

    def cp_org(self, cp: Spot) -> Org | None:
        return self.world.org(cp, "care_plaza")

    # -- the whole city --------------------------------------------------------------------
    def plan(self) -> list[ListingPlan]:
        wards = {w.name: w for w in self.world.wards()}
        # The casebook's own first, so that no ordinary listing takes their names.
        self.naka_shopping_tour(wards.get("中区"))
        self.kurakigaoka(wards.get("磯子区"))
        self.sakae_mobile_sales(wards.get("栄区"))
        self.kohoku_ibasho(wards.get("港北区"))
        self.seya_private_services(wards.get("瀬谷区"))
        for ward in wards.values():
            self.plan_ward(ward)
        for ward in wards.values():
            self.ward_partners(ward)
        self.events(list(wards.values()))
        self.states()
        return self.plans

    def plan_ward(self, ward: Spot) -> None:
        must = list(MUST_HAVE) if ward.name in SHOWCASE else []
        kinds, weights = zip(*KIND_WEIGHTS, strict=True)
        for cp in self.world.kids(ward, "cp_area"):
            if not self.world.blocks(cp):
                continue
            n = 3 if ward.name in SHOWCASE else self.rng.choice([1, 2, 2, 2])
            for _ in range(n):
                kind = must.pop(0) if must else self.rng.choices(kinds, weights)[0]
                if kind == "idou-hanbai" and ward.name in ("栄区", "磯子区"):
                    kind = "salon"  # these wards' mobile sales are the casebook's own sites
                self.ordinary(ward, cp, kind)

    # -- ordinary listings -----------------------------------------------------------------
    def ordinary(self, ward: Spot, cp: Spot, kind: str) -> None:
        from tsunagu.demo.names import stem

        rng, world = self.rng, self.world
        levels, weights = zip(*LEVELS[kind], strict=True)
        level = rng.choices(levels, weights)[0]
        districts = [d for d in world.kids(cp, "district") if world.blocks(d)]
        district = rng.choice(districts) if districts else None
        associations = [a for a in world.kids(district, "association") if world.blocks(a)] if district else []
        if level == "association" and not associations:
            level = "cp"
        if level == "district" and district is None:
            level = "cp"
        cp_name = cp.name.removesuffix("地域ケアプラザ")

        if level == "association":
            place = rng.choice(associations)
            block = rng.choice(world.blocks(place))
            candidates = [stem(block.name), place.name] if rng.random() < 0.7 else [place.name, stem(block.name)]
        elif level == "district":
            place = district
            block = rng.choice(world.blocks(place))
            candidates = [place.name, stem(block.name)]
        else:
            place = cp
            block = world.nearest_block(cp)
            candidates = [cp_name, stem(block.name)]
        if kind == "idou-hanbai":  # a mobile-sales site is named after its street, not its association
            candidates = [stem(block.name)]
        pieces = [(c, reading_of(c)) for c in candidates]
        pieces = [p for p in pieces if p[1]]

        name, kana, intensity, extra = self.pick_name(kind, pieces[0] if pieces else None)
        if name is None:
            return
        categories = (kind, *extra)

        # The organiser.
        org = None
        organiser_name = ""
        if kind == "idou-hanbai":
            org = world.org(ward, "supermarket")
        elif level == "cp":
            wanted = {
                "ninchisho-cafe": ["support_center"], "soudan": ["support_center", "care_plaza"],
                "kaji": ["service_b", "volunteer_group"], "idou-shien": ["service_b", "volunteer_group"],
                "kaimono": ["volunteer_group", "service_b"], "haishoku": ["volunteer_group"],
            }.get(kind, ["care_plaza", None])
            choice = rng.choice(wanted)
            org = world.org(cp, choice) if choice else None
            for other in wanted:
                if org is None and choice is not None and other is not None:
                    org = world.org(cp, other)
        elif level == "district":
            if kind in ("kaishoku", "haishoku", "mimamori-katsudou", "koekake") or rng.random() < 0.4:
                org = world.org(place, "district_council")
        else:
            if kind in ("mimamori-katsudou",) or (kind == "salon" and rng.random() < 0.5):
                org = world.org(place, "association")
            elif kind in ("salon", "kaishoku") and rng.random() < 0.3:
                org = world.org(cp, "volunteer_group")
        if org is None:
            organiser_name = name if re.search(r"(会|クラブ|サークル|隊|同好会)$", name) else f"{name} 世話人会"

        # The venue.
        bstem = stem(block.name)
        outdoor = re.search(r"ラジオ|ウォーキング|グラウンドゴルフ", name)
        if outdoor:
            venue = f"{bstem}{rng.choice(['公園', '第二公園', '公園 広場'])}"
        elif level == "cp":
            venue = f"{cp.name} {CP_ROOMS.get(kind, '多目的室')}"
        elif kind == "ibasho":
            venue = f"{name}（{bstem}の空き家を活用）"
        elif kind == "idou-hanbai":
            venue = rng.choice([f"{bstem}公園前", f"{bstem}集会所前", f"{bstem}バス停そばの空き地"])
        elif level == "district" and not district.name.startswith("第") and rng.random() < 0.6:
            venue = rng.choice([f"{district.name.removesuffix('地区')}地区センター 和室",
                                f"{district.name.removesuffix('地区')}コミュニティハウス"])
        else:
            association = world.ancestor(block, "association")
            venue = f"{association.name}館" if association else f"{bstem}会館"
        location = self.location(venue, ward, block, accessible=level == "cp" and not outdoor)

        texts = DESCRIPTIONS["taiso-outdoor" if outdoor and kind == "taiso" else kind]
        association_org = world.org(place, "association")
        if association_org is None:
            texts = [text for text in texts if "{org}" not in text]
        description = rng.choice(texts).format(cp=cp.name, org=getattr(association_org, "name", ""))
        if kind == "salon" and "男" in name:
            description = DESCRIPTIONS["salon"][4]
        schedules, note = self.schedules(kind, name, level)
        plan = ListingPlan(
            name=name, name_kana=kana, place_id=place.pk, categories=categories, description=description,
            organisation_id=org.pk if org else None, organiser_name=organiser_name, location=location,
            schedules=schedules, schedule_note=note, intensity=intensity,
            wheelchair=level == "cp" or rng.random() < 0.15, contact_org_id=getattr(self.cp_org(cp), "pk", None),
        )
        self.terms(plan, kind)
        self.add(plan)

    def pick_name(self, kind: str, place: tuple[str, str] | None):
        rng = self.rng
        options = NAMES[kind]
        for _ in range(30):
            option = rng.choice(options)
            surface, reading = option[0], option[1]
            intensity = option[2] if len(option) > 2 else 0
            extra = option[3] if len(option) > 3 else ()
            if "{P}" in surface and place is None:
                continue
            if "男" in surface and rng.random() < 0.7:  # a few men's salons, not one in ten
                continue
            nick = rng.choice(NICKS)
            p_text, p_kana = place or ("", "")
            name = surface.format(P=p_text, K=nick[0])
            kana = reading.format(P=p_kana, K=nick[1])
            if name not in self.names:
                return name, kana, intensity, extra
        return None, None, 0, ()

    def schedules(self, kind: str, name: str, level: str) -> tuple[list[SchedulePlan], str]:
        rng = self.rng
        d = self.weekday()
        n = rng.choice([1, 2, 3, 4])
        note = ""
        if kind == "salon":
            options = [
                monthly(t("13:30"), t("15:30"), byday=f"2{d},4{d}"),
                monthly(t("10:00"), t("12:00"), byday=f"{n}{d}"),
                weekly(d, t("13:30"), t("15:30")),
                monthly(t("13:00"), t("15:00"), bymonthday=str(rng.choice([5, 10, 15, 20, 25]))),
            ]
            result = [rng.choice(options)]
            if rng.random() < 0.15:
                result.append(once(date(2026, 12, rng.randint(14, 22)), t("13:00"), t("15:00"),
                                   "クリスマス会（会費300円）"))
        elif kind == "taiso":
            if "ラジオ" in name:
                result = [weekly("MO,TU,WE,TH,FR,SA,SU", t("6:30"), t("6:50"), notes="雨天中止")]
            elif "ウォーキング" in name:
                result = [monthly(t("9:00"), t("11:30"), byday=f"{n}{self.weekday(weekend=True)}",
                                  notes="雨天中止・7月と8月は休み")]
            elif "教室" in name and rng.random() < 0.5:
                start = _next_weekday(REFERENCE_DATE + timedelta(days=3), WEEKDAYS.index(d))
                result = [weekly(d, t("10:00"), t("11:30"), valid_from=start, valid_to=start + timedelta(weeks=7),
                                 notes="全8回")]
                note = "全8回の教室です。途中からの参加はご相談ください。"
            else:
                days = d if rng.random() < 0.7 else ",".join(sorted({d, self.weekday()}, key=WEEKDAYS.index))
                opens = rng.choice(["9:30", "10:00", "10:30", "14:00"])
                closes = (datetime.combine(REFERENCE_DATE, t(opens)) + timedelta(minutes=60)).time()
                result = [weekly(days, t(opens), closes)]
        elif kind == "kaishoku":
            if "食堂" in name:
                result = [monthly(t("17:00"), t("19:00"), byday=f"2{self.weekday(weekend=True)}")]
                note = "お弁当の持ち帰りもできます。"
            else:
                options = [monthly(t("11:30"), t("13:30"), byday=f"{n}{d}"),
                           monthly(t("12:00"), t("13:30"), bymonthday=str(rng.choice([8, 12, 18, 22])))]
                result = [rng.choice(options)]
            if rng.random() < 0.2:
                result.append(once(date(2027, 1, rng.randint(9, 16)), t("11:00"), t("13:30"),
                                   "新春餅つき会"))
        elif kind == "shumi":
            if rng.random() < 0.3:
                start = _next_weekday(date(2026, 4, 1), WEEKDAYS.index(d))
                result = [SchedulePlan(freq="WEEKLY", interval=2, byday=d, dtstart=start, opens_at=t("13:00"),
                                       closes_at=t("15:30"))]
            elif rng.random() < 0.5:
                result = [weekly(d, t("13:00"), t("16:00"))]
            else:
                result = [monthly(t("10:00"), t("12:00"), byday=f"1{d},3{d}")]
        elif kind == "ibasho":
            days = rng.choice(["MO,WE,FR", "TU,TH,SA", "TU,WE,TH,FR", "MO,TU,WE,TH,FR"])
            result = [weekly(days, t("10:00"), t(rng.choice(["15:00", "16:00"])))]
        elif kind == "ninchisho-cafe":
            result = [monthly(t("14:00"), t("15:30"), byday=f"{n}{d}")]
        elif kind == "haishoku":
            days = rng.choice([d, "TU,FR", "MO,TH"])
            result = [weekly(days, t("11:00"), t("12:30"), notes="お届けの時間帯")]
        elif kind in ("kaji", "kaimono", "idou-shien"):
            if rng.random() < 0.5:
                result = [weekly("MO,TU,WE,TH,FR", t("9:00"), t("17:00"), notes="受付時間")]
            else:
                result = []
                note = "随時（利用の3日前までに申込み）"
        elif kind == "mimamori-katsudou":
            if rng.random() < 0.5:
                result = [monthly(t("10:00"), t("12:00"), bymonthday=str(rng.choice([1, 10, 15, 20])),
                                  notes="見守り訪問の日")]
            else:
                result = [monthly(t("19:00"), t("20:30"), byday=f"{n}{d}", notes="見守り連絡会")]
                note = "訪問は随時。"
        elif kind == "koekake":
            result = []
            note = "月1回程度、ご自宅を訪問します。"
        elif kind == "soudan":
            result = [monthly(t("13:00"), t("16:00"), bymonthday=str(rng.choice([10, 20, 25])))]
        elif kind == "idou-hanbai":
            opens = rng.choice(["10:00", "10:40", "11:20", "13:30", "14:10", "15:00"])
            closes = (datetime.combine(REFERENCE_DATE, t(opens)) + timedelta(minutes=30)).time()
            result = [weekly(d, t(opens), closes)]
            note = "販売車の到着は道路事情により前後します。"
        else:
            result = []
        return result, note

    def terms(self, plan: ListingPlan, kind: str) -> None:
        """Cost, who may come, how to apply: the parts that follow from the kind."""
        rng = self.rng
        if kind in COSTS and rng.random() >= FREE_SHARE.get(kind, 0.5):
            plan.cost = rng.choice(COSTS[kind])
        else:
            plan.is_free = True
        plan.application = plan.application or APPLICATION.get(kind, "")
        if kind in ("salon", "taiso", "shumi"):
            plan.eligibility = rng.choice(["anyone", "seniors", "seniors", "members"])
            if plan.eligibility == "seniors":
                plan.minimum_age = rng.choice([60, 65])
            elif plan.eligibility == "members":
                plan.eligibility_note = "地域にお住まいの方"
        elif kind == "kaishoku":
            plan.eligibility = "seniors" if "食堂" not in plan.name else "anyone"
            if plan.eligibility == "seniors":
                plan.minimum_age = rng.choice([65, 70, 75])
                plan.eligibility_note = "ひとり暮らしの方、高齢の方のみの世帯の方を優先します"
            plan.capacity = rng.choice([20, 25, 30, 40])
            plan.has_pickup = rng.random() < 0.2
        elif kind == "haishoku":
            plan.eligibility = "seniors"
            plan.minimum_age = 65
            plan.eligibility_note = "ひとり暮らし、または高齢の方のみの世帯で、調理が難しい方"
        elif kind in ("kaji", "kaimono", "idou-shien"):
            org = self.world.by_pk.get(plan.organisation_id)
            service_b = org is not None and org.kind == "service_b"
            plan.eligibility = "support" if service_b else rng.choice(["members", "seniors"])
            if plan.eligibility == "members":
                plan.eligibility_note = "会員登録をした地域の方"
            plan.has_pickup = kind == "idou-shien"
        elif kind == "ninchisho-cafe":
            plan.eligibility_note = "認知症の方とご家族、関心のある方"
        elif kind in ("mimamori-katsudou", "koekake"):
            plan.eligibility = "members"
            plan.eligibility_note = "見守りを希望する地域の方（民生委員・地区社協を通じて）"

    # -- the casebook ----------------------------------------------------------------------
    def naka_shopping_tour(self, ward: Spot | None) -> None:
        """中区: 第6地区社協's shopping tour to 南部市場 by taxi, for the salon's members."""
        if ward is None:
            return
        world = self.world
        districts = [d for cp in world.kids(ward, "cp_area") for d in world.kids(cp, "district")]
        district = next((d for d in districts if d.name == "第6地区"), districts[0])
        block = self.rng.choice(world.blocks(district))
        association = world.ancestor(block, "association")
        council = world.org(district, "district_council")
        taxi = next((o for o in world.orgs[ward.pk] if o.kind == "taxi"), None)
        cp = world.ancestor(district, "cp_area")
        kana = reading_of(district.name)
        plan = ListingPlan(
            name=f"{district.name}社協 南部市場お買物ツアー",
            name_kana=f"{kana}しゃきょう なんぶしじょうおかいものつあー",
            place_id=district.pk,
            categories=("kaimono", "idou-shien"),
            description=(
                "ふれあいサロンの参加者を対象に、タクシーで横浜南部市場の専門店街へ買物に出かけます。"
                "ご自宅の前までタクシーが迎えに来るので、バス旅行への参加が難しい方も安心です。"
            ),
            organisation_id=council.pk if council else None,
            organiser_name="" if council else f"{district.name}社会福祉協議会",
            location=self.location(f"{association.name}館（ふれあいサロン会場）" if association else "ふれあいサロン会場",
                                   ward, block),
            schedules=[once(day, t("9:30"), t("12:30"), "タクシーでご自宅前までお迎え")
                       for day in (date(2026, 11, 17), date(2026, 11, 19), date(2026, 11, 26))],
            schedule_note="3日間のうち1日に参加できます。行き先は横浜南部市場（金沢区鳥浜町）の専門店街です。",
            cost="1人1,000円（タクシー代の一部。残りは地区社協が負担します）",
            eligibility="members",
            eligibility_note="第6地区ふれあいサロンの参加者",
            capacity=24,
            application="11月10日までに地区社協役員へ",
            has_pickup=True,
            internal_note=(
                f"協力：{taxi.name if taxi else 'タクシー会社'}。地区社協役員が日頃気にかけている方"
                "（バス旅行が難しい方、ひとり暮らしの男性など）に声をかける。令和4年10月に初めて実施。"
            ),
            status_date=date(2022, 10, 1),
            pinned=True,
            contact_org_id=getattr(self.cp_org(cp), "pk", None) if cp else None,
        )
        self.add(plan)

    def kurakigaoka(self, ward: Spot | None) -> None:
        """磯子区: 久良岐丘自治会's mobile sales at four sites, the same supermarket, every Thursday."""
        if ward is None:
            return
        world = self.world
        associations = [a for a in self._under(ward, "association") if a.name == "久良岐丘自治会"]
        if not associations:
            return
        association = associations[0]
        blocks = world.blocks(association)
        market = world.org(ward, "supermarket")
        cp = world.ancestor(association, "cp_area")
        sites = [("自治会館前", "じちかいかんまえ", "久良岐丘自治会館前"),
                 ("第一公園", "だいいちこうえん", "久良岐丘第一公園"),
                 ("第二集会所前", "だいにしゅうかいじょまえ", "久良岐丘第二集会所前"),
                 ("見晴らし広場", "みはらしひろば", "久良岐丘見晴らし広場")]
        times = [("10:00", "10:40"), ("10:50", "11:30"), ("11:40", "12:20"), ("13:30", "14:10")]
        for i, ((site, kana, venue), (opens, closes)) in enumerate(zip(sites, times, strict=True)):
            plan = ListingPlan(
                name=f"移動販売 久良岐丘{site}会場",
                name_kana=f"いどうはんばい くらきがおか{kana}かいじょう",
                place_id=association.pk,
                categories=("idou-hanbai", "mimamori-katsudou") if i == 0 else ("idou-hanbai",),
                description=(
                    "高台にある久良岐丘自治会の4か所を、スーパーの移動販売車が毎週木曜に回ります。"
                    "自治会の役員が会場で声をかけ、買物のお手伝いもしています。"
                ),
                organisation_id=market.pk if market else None,
                organiser_name="" if market else "スーパー（移動販売）",
                location=self.location(venue, ward, blocks[i % len(blocks)]),
                schedules=[weekly("TH", t(opens), t(closes), dtstart=date(2022, 9, 15))],
                schedule_note="販売車は4会場を順に回ります。到着は道路事情により前後します。",
                is_free=True,
                application="不要",
                status_date=date(2022, 9, 15),
                internal_note=(
                    "令和3年度から屛風ヶ浦CP・区役所・区社協のプロジェクトチームで導入を支援。住民アンケート、"
                    "他自治会の会場見学、7月の住民説明会、8月のプレ実施を経て、令和4年9月15日に出発式。"
                    "導入後は情報共有シートに販売状況と気になる人を記入し、三者でコメントしている。"
                ) if i == 0 else "",
                pinned=True,
                contact_org_id=getattr(self.cp_org(cp), "pk", None) if cp else None,
            )
            self.add(plan)

    def sakae_mobile_sales(self, ward: Spot | None) -> None:
        """栄区: 19 supermarket mobile-sales sites opened over two years, each with local volunteers."""
        from tsunagu.demo.names import stem

        if ward is None:
            return
        rng, world = self.rng, self.world
        market = world.org(ward, "supermarket")
        by_stem: dict[str, Spot] = {}
        for block in world.blocks(ward):
            s = stem(block.name)
            if reading_of(s) and s not in by_stem:
                by_stem[s] = block
        stems = rng.sample(sorted(by_stem), min(19, len(by_stem)))
        while len(stems) < 19:  # fewer named places than sites: a second site in the same place
            stems.append(stems[len(stems) % len(by_stem)])
        starts = sorted(_between(rng, date(2021, 4, 1), date(2023, 3, 31)) for _ in stems)
        for i, (s, start) in enumerate(zip(stems, starts, strict=True)):
            block = by_stem[s]
            association = world.ancestor(block, "association") or world.ancestor(block, "ward")
            cp = world.ancestor(block, "cp_area")
            weekday = WEEKDAYS[i % 5]
            opens = ["10:00", "10:45", "11:30", "13:30", "14:15"][(i // 5) % 5]
            closes = (datetime.combine(REFERENCE_DATE, t(opens)) + timedelta(minutes=35)).time()
            suffix = "第二会場" if stems.index(s) != i else "会場"
            venue = rng.choice([f"{association.name}館前", f"{s}公園前", f"{s}集会所 駐車場",
                                f"{s}バス停そばの広場"])
            volunteers = rng.randint(3, 8)
            plan = ListingPlan(
                name=f"移動販売 {s}{suffix}",
                name_kana=f"いどうはんばい {reading_of(s)}{'かいじょう' if suffix == '会場' else 'だいにかいじょう'}",
                place_id=association.pk,
                categories=("idou-hanbai", "mimamori-katsudou") if i % 3 == 0 else ("idou-hanbai",),
                description=(
                    "スーパーの移動販売車が来ます。地元のサポートボランティアが会場の設営や品出し、"
                    "荷物を家まで運ぶお手伝いをしています。買物の後のおしゃべりも楽しみのひとつです。"
                ),
                organisation_id=market.pk if market else None,
                organiser_name="" if market else "スーパー（移動販売）",
                location=self.location(venue, ward, block),
                schedules=[weekly(weekday, t(opens), closes, dtstart=start)],
                schedule_note="雨天でも販売します。",
                is_free=True,
                application="不要",
                status_date=start,
                internal_note=(
                    f"移動販売サポートVo {volunteers}名。「最近あの方の姿を見かけない」などの気づきは"
                    "2層Coと区社協地区担当に伝わるようにしている。"
                ),
                pinned=True,
                contact_org_id=getattr(self.cp_org(cp), "pk", None) if cp else None,
            )
            self.add(plan)

    def kohoku_ibasho(self, ward: Spot | None) -> None:
        """港北区: the two ibasho in empty houses that 港北区社協 kept alive through COVID."""
        if ward is None:
            return
        world = self.world
        council = world.org(ward, "ward_council")
        for key, kana, towns, extra in [
            ("ゆずの樹", "ゆずのき", ("高田町", "高田西一丁目", "高田東一丁目"), {
                "status_reason": "新型コロナウイルス感染症の影響で開所直後から休止していましたが、令和3年10月に再開しました",
                "status_date": date(2021, 10, 1),
                "description": (
                    "空き家を活用した常設の居場所です。おしゃべりやランチのほか、オンライン講座のサテライト会場にも"
                    "なっています。高齢の方の孤食を防ぎたいという住民の思いから生まれました。"
                ),
                "internal_note": "令和元年度に立ち上げ支援。コロナ特例 居場所継続支援金とオンライン導入サポート事業を活用。",
            }),
            ("ふらっと", "ふらっと", ("師岡町",), {
                "description": (
                    "空き家を活用した居場所です。スマホ教室やオンラインツアーも開いています。"
                    "Wi-Fiが使えるので、パソコンを持ち込んで過ごす若い世代の方もいます。"
                ),
                "internal_note": "Wi-Fiを使いに来ていた在宅勤務の方を地区社協の会計にスカウトした。",
                "status_reason": "令和2年7月、人数を絞って再開しました。スマホ教室やオンラインツアーも始めています",
                "status_date": date(2020, 7, 1),
            }),
        ]:
            block = world.find_block(ward, *towns) or world.blocks(ward)[0]
            district = world.ancestor(block, "district") or ward
            days = "TU,WE,TH,FR,SA" if key == "ゆずの樹" else "MO,WE,FR,SA"
            plan = ListingPlan(
                name=f"みんなの居場所 {key}",
                name_kana=f"みんなのいばしょ {kana}",
                place_id=district.pk,
                categories=("ibasho", "salon"),
                organiser_name=f"{key}運営委員会",
                location=self.location(f"{key}（空き家を活用した居場所）", ward, block),
                schedules=[weekly(days, t("10:00"), t("16:00"))],
                schedule_note="Wi-Fi使えます。",
                cost="お茶代100円・ランチ400円",
                application="不要・開いている時間にどうぞ",
                pinned=True,
                contact_org_id=council.pk if council else None,
                **extra,
            )
            self.add(plan)

    def seya_private_services(self, ward: Spot | None) -> None:
        """瀬谷区: the private services care managers asked 「せやまるシニアプラス」 to carry."""
        if ward is None:
            return
        rng, world = self.rng, self.world
        cps = [cp for cp in world.kids(ward, "cp_area") if world.blocks(cp)]
        taxis = [o for o in world.orgs[ward.pk] if o.kind == "taxi"]
        services = [
            ("出張理容 山﨑", "しゅっちょうりよう やまざき", ("houmon-ribiyou",), "出張理容 山﨑（山﨑 茂）",
             "ご自宅や施設に理容師がうかがい、カットや顔そりをします。寝たままのカットにも対応します。",
             "カット3,500円（出張費込み）", [weekly("MO,TU,WE,TH,FR,SA", t("9:00"), t("17:00"), notes="予約受付")]),
            ("訪問美容 ひまわり", "ほうもんびよう ひまわり", ("houmon-ribiyou",), "訪問美容 ひまわり",
             "美容師がご自宅にうかがい、カット・カラー・パーマをします。車いすのままでも大丈夫です。",
             "カット3,000円〜（出張費500円）", [weekly("TU,WE,TH,FR", t("10:00"), t("16:00"), notes="予約制")]),
            ("髙橋燃料店 灯油配達", "たかはしねんりょうてん とうゆはいたつ", ("touyu",), "髙橋燃料店",
             "灯油をご自宅の玄関先まで配達します。電話1本で注文でき、ポリタンクへの給油もします。",
             "18リットル単位（配達料無料）", [weekly("MO,TU,WE,TH,FR,SA", t("9:00"), t("17:00"),
                                                     notes="10月〜4月の配達")]),
            ("そば処 やぶ忠", "そばどころ やぶちゅう", ("demae",), "そば処 やぶ忠",
             "電話で注文できるおそば屋さんです。1人前から出前をします。インターネットが使えなくても大丈夫です。",
             "出前料金なし", [weekly("MO,TU,WE,FR,SA,SU", t("11:00"), t("20:00"), notes="出前の受付（木曜定休）")]),
            ("中華料理 福来軒", "ちゅうかりょうり ふくらいけん", ("demae",), "中華料理 福来軒",
             "電話で注文できる町の中華料理店です。やわらかめの麺など、ご希望にも応じます。",
             "1,500円以上で出前料金なし", [weekly("TU,WE,TH,FR,SA,SU", t("11:30"), t("20:30"),
                                                      notes="出前の受付（月曜定休）")]),
            ("まごころ弁当", "まごころべんとう", ("demae", "haishoku"), "まごころ弁当",
             "日替わり弁当を1食からご自宅に届けます。電話で前日までに注文してください。",
             "1食550円（配達料無料）", [weekly("MO,TU,WE,TH,FR", t("11:00"), t("13:00"), notes="お届けの時間帯")]),
        ]
        if taxis:
            base = taxis[0].name.split(" ")[0]
            services.append((
                f"{base} 瀬谷営業所 福祉タクシー", f"{kana_of(TAXI_READINGS.get(base, ''))} せやえいぎょうしょ ふくしたくしー",
                ("fukushi-taxi", "idou-shien"), None,
                "車いすのまま乗れる福祉タクシーです。通院や外出の際、乗り降りや室内までの介助もします。前日までに予約してください。",
                "メーター運賃＋迎車料・介助料（要問合せ）",
                [weekly("MO,TU,WE,TH,FR,SA,SU", t("8:00"), t("20:00"), notes="予約受付")],
            ))
        for name, kana, categories, organiser, description, cost, schedules in services:
            if not kana.split(" ")[0]:
                continue
            cp = rng.choice(cps)
            block = rng.choice(world.blocks(cp))
            is_taxi = organiser is None
            org = taxis[0] if is_taxi else None
            place = ward if is_taxi else cp
            plan = ListingPlan(
                name=name, name_kana=kana, place_id=place.pk, categories=categories, description=description,
                organisation_id=org.pk if org else None, organiser_name="" if org else organiser,
                location=self.location(name if not is_taxi else f"{taxis[0].name}", ward, block),
                schedules=schedules, cost=cost,
                eligibility="care" if categories[0] in ("houmon-ribiyou", "fukushi-taxi") else "anyone",
                eligibility_note="外出が難しい方" if categories[0] == "houmon-ribiyou" else "",
                application="電話で予約・注文", has_pickup=is_taxi, wheelchair=is_taxi,
                public_contact_name=organiser or taxis[0].name, public_phone=taxis[0].phone if is_taxi else self.phone(),
                pinned=True, contact_org_id=getattr(self.cp_org(cp), "pk", None),
                internal_note="ケアマネジャーへのヒアリングで要望があり、地区社協やサロンで情報を集めて掲載。",
            )
            self.add(plan)

    def ward_partners(self, ward: Spot) -> None:
        """Each ward's shop and, in some wards, a taxi company's welfare taxi."""
        rng, world = self.rng, self.world
        blocks = world.blocks(ward)
        shop = world.org(ward, "shop")
        if shop is not None:
            base = shop.name.split("（")[0]
            spec = SHOP_LISTINGS.get(base)
            if spec:
                name, kana, categories, description, cost = spec
                self.add(ListingPlan(
                    name=f"{name}（{ward.name}）", name_kana=f"{kana} {WARD_READINGS[ward.name]}", place_id=ward.pk, categories=categories, description=description,
                    organisation_id=shop.pk, location=self.location(base, ward, rng.choice(blocks)), cost=cost,
                    schedules=[weekly("MO,TU,WE,TH,FR,SA", t("9:00"), t("18:00"), notes="電話受付")],
                    application="電話で注文・予約", eligibility="care" if "理美容" in name else "anyone",
                    public_contact_name=shop.name, public_phone=shop.phone,
                ))
        taxis = [o for o in world.orgs[ward.pk] if o.kind == "taxi"]
        if taxis and ward.name != "瀬谷区" and rng.random() < 0.4:
            taxi = taxis[-1]
            base = taxi.name.split(" ")[0]
            if base in TAXI_READINGS:
                self.add(ListingPlan(
                    name=f"{base} {ward.name[:-1]}営業所 福祉タクシー",
                    name_kana=f"{kana_of(TAXI_READINGS[base])} {WARD_READINGS[ward.name][:-1]}えいぎょうしょ ふくしたくしー",
                    place_id=ward.pk, categories=("fukushi-taxi",), organisation_id=taxi.pk,
                    description="車いすやストレッチャーのまま乗れる福祉タクシーです。乗り降りの介助もします。",
                    location=self.location(taxi.name, ward, rng.choice(blocks), accessible=True),
                    schedules=[weekly("MO,TU,WE,TH,FR,SA,SU", t("8:00"), t("19:00"), notes="予約受付")],
                    cost="メーター運賃＋迎車料・介助料", eligibility="care", application="前日までに電話で予約",
                    has_pickup=True, wheelchair=True, public_contact_name=taxi.name, public_phone=taxi.phone,
                ))

    def events(self, wards: list[Spot]) -> None:
        """One-off events in the months after the reference date."""
        rng, world = self.rng, self.world
        by_name = {w.name: w for w in wards}
        for i, (name, kana, categories, description, capacity, intensity, where) in enumerate(EVENTS):
            ward = by_name.get(where) or wards[(i * 7 + 3) % len(wards)]
            cps = [cp for cp in world.kids(ward, "cp_area") if world.blocks(cp)]
            cp = rng.choice(cps)
            cp_name = cp.name.removesuffix("地域ケアプラザ")
            cp_kana = reading_of(cp_name)
            if cp_kana and rng.random() < 0.7:
                full, full_kana = f"{cp_name} {name}", f"{cp_kana} {kana}"
            else:
                full, full_kana = name, kana
            if full in self.names:
                full, full_kana = f"{ward.name[:-1]}区 {name}", f"{WARD_READINGS[ward.name]} {kana}"
            org = self.cp_org(cp)
            days = [_between(rng, date(2026, 11, 9), date(2027, 2, 26))]
            if "料理" in name:
                days = [days[0] + timedelta(weeks=w) for w in range(3)]
            days = [d + timedelta(days=1) if d.weekday() == 6 else d for d in days]
            self.add(ListingPlan(
                name=full, name_kana=full_kana, place_id=cp.pk, categories=categories, description=description,
                organisation_id=org.pk if org else None, organiser_name="" if org else cp.name,
                location=self.location(f"{cp.name} 多目的ホール", ward, world.nearest_block(cp), accessible=True),
                schedules=[once(d, t("13:30"), t("15:30")) for d in days], capacity=capacity, intensity=intensity,
                is_free="料理" not in name, cost="材料費500円" if "料理" in name else "",
                application=f"要申込み（先着{capacity}名）。{cp.name}へ電話で", wheelchair=True,
                contact_org_id=org.pk if org else None,
            ))

    def _under(self, spot: Spot, kind: str) -> list[Spot]:
        found, stack = [], [spot]
        while stack:
            current = stack.pop(0)
            for child in self.world.children[current.pk]:
                if child.kind == kind:
                    found.append(child)
                elif child.kind != "block":
                    stack.append(child)
        return found

    # -- status, visibility, contacts, confirmation --------------------------------------------
    def states(self) -> None:
        rng = self.rng
        free = [p for p in self.plans if not p.pinned]
        count = len(self.plans)

        def take(pool: list[ListingPlan], share: float, prefer=None) -> list[ListingPlan]:
            n = round(count * share)
            preferred = [p for p in pool if prefer and prefer(p)]
            rest = [p for p in pool if not (prefer and prefer(p))]
            chosen = rng.sample(preferred, min(n // 2, len(preferred)))
            chosen += rng.sample(rest, min(n - len(chosen), len(rest)))
            for p in chosen:
                pool.remove(p)
            return chosen

        pool = list(free)
        for plan in take(pool, PAUSED):
            reason, (first, last) = rng.choice(PAUSE_REASONS)
            plan.status, plan.status_reason, plan.status_date = "paused", reason, _between(rng, first, last)
        for plan in take(pool, ENDED):
            reason, (first, last) = rng.choice(END_REASONS)
            plan.status, plan.status_date = "ended", _between(rng, first, last)
            plan.status_reason = f"{reason}（{plan.status_date.year}年{plan.status_date.month}月）"
        for plan in take(pool, PLANNED):
            start = _between(rng, date(2027, 1, 5), date(2027, 4, 20))
            plan.status, plan.status_date = "planned", start
            plan.status_reason = f"{start.year}年{start.month}月開始予定（準備会を開いています）"
            for schedule in plan.schedules:
                if schedule.freq:
                    schedule.dtstart = start
        for plan in take(pool, RESUMED):
            first_pause = _between(rng, date(2020, 3, 1), date(2020, 12, 31))
            back = _between(rng, date(2021, 10, 1), date(2023, 5, 31))
            plan.status_date = back
            plan.status_reason = (f"新型コロナウイルス感染症の影響で{first_pause.year}年{first_pause.month}月から休止していましたが、"
                                  f"{back.year}年{back.month}月に再開しました")

        pool = list(free)
        sensitive = lambda p: "mimamori-katsudou" in p.categories or "koekake" in p.categories  # noqa: E731
        for plan in take(pool, STAFF_ONLY, prefer=sensitive):
            plan.visibility = "staff"
        for plan in take(pool, DRAFT, prefer=lambda p: p.status == "planned"):
            plan.visibility = "draft"

        # Confirmation: most within the year, about a fifth older; paused ones tend to be older.
        stale = set(map(id, take(list(self.plans), STALE, prefer=lambda p: p.status == "paused")))
        reference = datetime.combine(REFERENCE_DATE, time(17, 0), tzinfo=TOKYO)
        for plan in self.plans:
            if plan.visibility == "draft" and rng.random() < 0.5:
                plan.confirmed_at = None
            else:
                days = rng.randint(380, 900) if id(plan) in stale else rng.randint(1, 350)
                plan.confirmed_at = reference - timedelta(days=days, hours=rng.randint(0, 8), minutes=rng.randint(0, 59))
                how = rng.choice(HOWS)
                if how == HOWS[2]:
                    by = f"{self.person()}（代表）"
                else:
                    by = f"{rng.choice(self.surnames)}（{rng.choice(['2層Co', '地域交流Co', '区社協 地区担当'])}）"
                plan.confirmed_by, plan.confirmed_how = by, how
            self.contacts(plan)

    def contacts(self, plan: ListingPlan) -> None:
        """A public contact (a 045 number) for what residents see; the leader's own number for staff."""
        rng, world = self.rng, self.world
        org = world.by_pk.get(plan.organisation_id)
        official = org is not None and org.kind in PUBLIC_CONTACT_KINDS
        if plan.visibility == "public" and not plan.public_phone:
            via = world.by_pk.get(plan.contact_org_id)
            if official:
                plan.public_contact_name, plan.public_phone = org.name, org.phone
            elif via is not None:
                plan.public_contact_name, plan.public_phone = f"{via.name}（地域活動の問合せ）", via.phone
            else:
                plan.public_contact_name, plan.public_phone = plan.organiser_name, self.phone()
        if plan.visibility == "staff" or rng.random() < (0.2 if official else 0.6):
            plan.staff_contact = f"代表 {self.person()}（{self.mobile()}）"
            if rng.random() < 0.3:
                plan.staff_contact += rng.choice(["　平日の日中は不在がち", "　夕方以降がつながりやすい", "　FAX可"])

PUBLIC_CONTACT_KINDS = {"care_plaza", "support_center", "ward_council", "npo", "shop", "taxi", "supermarket"}
TAXI_READINGS = {
    "つばめ交通": "つばめこうつう", "みなと自動車": "みなとじどうしゃ", "はまかぜタクシー": "はまかぜタクシー",
    "さくら交通": "さくらこうつう", "あおぞらタクシー": "あおぞらタクシー", "ひまわり交通": "ひまわりこうつう",
}
SHOP_LISTINGS = {
    "まちの八百屋 さかた": ("まちの八百屋 さかた 配達サービス", "まちのやおや さかた はいたつさーびす", ("kaimono", "demae"),
                      "野菜や果物を電話で注文すると、ご自宅まで届けます。ご近所の見守りも兼ねています。", "配達料無料（2,000円以上）"),
    "田中米店": ("田中米店 お米の配達", "たなかこめてん おこめのはいたつ", ("demae",),
             "お米を5キロから、ご自宅の台所まで運びます。飲料水などの重い物も一緒に届けます。", "配達料無料"),
    "出張理美容 はさみ": ("出張理美容 はさみ", "しゅっちょうりびよう はさみ", ("houmon-ribiyou",),
                   "理容師・美容師がご自宅や施設にうかがい、カットや顔そりをします。", "カット3,300円（出張費込み）"),
    "灯油配達 ほのか燃料": ("灯油配達 ほのか燃料", "とうゆはいたつ ほのかねんりょう", ("touyu",),
                    "灯油をご自宅の玄関先まで配達します。電話で注文できます。", "18リットル単位（配達料無料）"),
    "クリーニング白洋": ("クリーニング白洋 集配サービス", "くりーにんぐはくよう しゅうはいさーびす", ("senmon",),
                  "衣類や布団のクリーニングを、ご自宅まで取りに行き、届けます。", "通常料金（集配無料）"),
}
EVENTS = [
    ("認知症サポーター養成講座", "にんちしょうさぽーたーようせいこうざ", ("mimamori-katsudou",),
     "認知症について正しく知り、地域で見守る応援者になるための講座です。受講された方にはオレンジリングをお渡しします。", 30, 0, None),
    ("フレイル予防講座", "ふれいるよぼうこうざ", ("taiso",),
     "フレイル（心身の衰え）を防ぐための運動と食事のコツを学びます。座ってできる体操もあります。", 30, 1, None),
    ("スマホ相談会", "すまほそうだんかい", ("soudan",),
     "スマートフォンの困りごとに、携帯電話会社の職員とボランティアが答えます。", 20, 0, None),
    ("クリスマスコンサート", "くりすますこんさーと", ("shumi", "salon"),
     "地域の合唱団と中学校の吹奏楽部によるコンサートです。どなたでもお越しください。", 80, 0, None),
    ("男性のための料理教室", "だんせいのためのりょうりきょうしつ", ("kaishoku", "shumi"),
     "包丁を持ったことがない方も大歓迎です。全3回で、簡単な和食の献立を作って一緒に食べます。", 12, 0, None),
    ("終活セミナー", "しゅうかつせみなー", ("soudan",),
     "エンディングノートの書き方や、身の回りの整理について専門家が話します。", 40, 0, None),
    ("防災と見守り講座", "ぼうさいとみまもりこうざ", ("mimamori-katsudou",),
     "災害のときに近所で声をかけ合うために、日頃からできることを一緒に考えます。", 40, 0, None),
    ("ボランティア入門講座", "ぼらんてぃあにゅうもんこうざ", ("kaji",),
     "ゴミ出しや電球交換など、ちょっとしたお手伝いのボランティアを始めたい方のための講座です。", 25, 0, None),
    ("新春ふれあい餅つき大会", "しんしゅんふれあいもちつきたいかい", ("kaishoku", "salon"),
     "地域の皆さんで餅をつき、つきたてのお餅をいただきます。", 100, 0, None),
    ("介護者のつどい", "かいごしゃのつどい", ("soudan",),
     "ご家族を介護している方が集まり、悩みや工夫を話し合います。", 15, 0, None),
    ("口腔ケア講座", "こうくうけあこうざ", ("taiso",),
     "歯科衛生士から、飲み込む力を保つお口の体操と歯みがきのコツを学びます。", 30, 1, None),
    ("移動販売サポートボランティア交流会", "いどうはんばいさぽーとぼらんてぃあこうりゅうかい", ("idou-hanbai", "mimamori-katsudou"),
     "移動販売の会場を支えるボランティアが集まり、工夫や悩みを話し合います。", 40, 0, "栄区"),
]


def plan_listings(world: World, rng: random.Random) -> list[ListingPlan]:
    """Every demo listing, drawn from the world and the random generator alone."""
    return Planner(world, rng).plan()


# --- writing ----------------------------------------------------------------------------------


def write_listings(plans: list[ListingPlan]) -> int:
    """Store the plan: locations, listings (search text computed as Listing.save does), categories,
    schedules and each listing's first version, in bulk."""
    from tsunagu.directory import taxonomy
    from tsunagu.directory.models import Category, Listing, ListingVersion, Location, Schedule
    from tsunagu.directory.schedules import weekday_mask
    from tsunagu.directory.search import listing_groups
    from tsunagu.people.models import Organisation

    taxonomy.seed(Category)
    categories = {c.code: c for c in Category.objects.all()}
    organisations = Organisation.objects.in_bulk({p.organisation_id for p in plans if p.organisation_id})

    locations = Location.objects.bulk_create(
        [Location(**asdict(p.location)) if p.location else None for p in plans if p.location], batch_size=500)
    by_plan = iter(locations)
    # The search text names each venue's 町丁目: read them at once, not one query a listing.
    from tsunagu.places.models import Place

    blocks = Place.objects.in_bulk({loc.block_id for loc in locations if loc.block_id})
    for location in locations:
        if location.block_id:
            location.block = blocks[location.block_id]
    listings = []
    groups = listing_groups()  # the synonym groups whose markers search_text carries, read once
    for plan in plans:
        listing = Listing(**{name: getattr(plan, name) for name in LISTING_FIELDS})
        if plan.organisation_id:
            listing.organisation = organisations[plan.organisation_id]
        if plan.location:
            listing.location = next(by_plan)
        listing.search_text = listing.compute_search_text(groups)
        listing.weekday_mask = weekday_mask(plan.schedules)
        listings.append(listing)
    Listing.objects.bulk_create(listings, batch_size=500)

    through = Listing.categories.through
    through.objects.bulk_create(
        [through(listing_id=listing.pk, category_id=categories[code].pk)
         for listing, plan in zip(listings, plans, strict=True) for code in plan.categories],
        batch_size=1000,
    )
    Schedule.objects.bulk_create(
        [Schedule(listing=listing, **asdict(s)) for listing, plan in zip(listings, plans, strict=True)
         for s in plan.schedules],
        batch_size=1000,
    )
    ListingVersion.objects.bulk_create(
        [ListingVersion(listing=listing, number=1, actor_name="デモデータ", how="create",
                        data=version_data(listing, plan), changes={})
         for listing, plan in zip(listings, plans, strict=True)],
        batch_size=500,
    )
    # The public 「きょう」「今週」 filters read these (services.upcoming_dates_refresh).
    from tsunagu.directory.services import upcoming_dates_refresh

    upcoming_dates_refresh(listing_ids=[listing.pk for listing in listings])
    return len(listings)


def version_data(listing, plan: ListingPlan) -> dict:
    """The listing as directory.services.snapshot records it, without asking the database again."""
    from tsunagu.directory.services import LISTING_FIELDS as FIELDS
    from tsunagu.directory.services import LOCATION_FIELDS, SCHEDULE_FIELDS

    def plain(value):
        return value.isoformat() if hasattr(value, "isoformat") else value

    data = {name: plain(getattr(listing, name)) for name in FIELDS}
    data["categories"] = sorted(plan.categories)
    location = listing.location
    data["location"] = {name: plain(getattr(location, name)) for name in LOCATION_FIELDS} if location else None
    data["schedules"] = [{name: plain(getattr(s, name)) for name in SCHEDULE_FIELDS} for s in plan.schedules]
    return data


def build_listings(builder) -> int:
    """Called at the end of DemoBuilder.build(): plan from the builder's random generator, then write."""
    builder.listing_seed = builder.rng.getrandbits(64)
    plans = plan_listings(World.load(), random.Random(builder.listing_seed))
    written = write_listings(plans)
    kohoku_history()
    return written


# 港北区's two ibasho through COVID (the casebook's 港北 case): opened in 令和元年度, paused by the
# state of emergency, resumed online with 港北区社協's online-support model project, kept going by
# the continuity fund built from a resident's bequest; and this year's grants with deadlines
# still ahead, so that "my to-do" of 港北区's coordinators shows them.
KOHOKU_STEPS = {
    "みんなの居場所 ゆずの樹": [
        (date(2019, 11, 1), "active", "空き家を活用した常設の居場所として開所"),
        (date(2020, 4, 7), "paused", "緊急事態宣言で開所直後から休止。家賃と光熱費は払い続けた"),
        (date(2020, 11, 1), "active", "オンラインで再開（コグニサイズ・居場所同士の情報交換会）"),
        (date(2021, 1, 8), "paused", "2回目の緊急事態宣言で休止。オンラインの集まりだけ続けた"),
    ],
    "みんなの居場所 ふらっと": [
        (date(2019, 12, 1), "active", "空き家を活用した居場所として開所"),
        (date(2020, 4, 7), "paused", "緊急事態宣言で休止。担い手がひとりで来る高齢の方のために門を開け続けた"),
    ],
}


def kohoku_history() -> None:
    from tsunagu.directory.models import Listing, StatusChange, Subsidy
    from tsunagu.directory.services import status_chain, status_history_fill
    from tsunagu.lib.fiscal import wareki_fiscal_year

    status_history_fill()  # every listing's current status as its first step
    year = date.today().year if date.today().month >= 4 else date.today().year - 1
    for name, steps in KOHOKU_STEPS.items():
        listing = Listing.objects.filter(name=name, place__path__startswith=_kohoku_path()).first()
        if listing is None:
            continue
        StatusChange.objects.bulk_create([StatusChange(listing=listing, status=status, date=day, reason=reason)
                                          for day, status, reason in steps])
        status_chain(listing)
        funder = "港北区社会福祉協議会"
        grants = [
            ("オンライン導入サポートモデル事業", 50000, date(2020, 10, 1), date(2021, 3, 31), None, date(2021, 4, 30),
             Subsidy.State.REPORTED, "タブレット・Wi-Fiルーターの購入と使い方のレクチャー"),
            ("港北区みんなの助成金 コロナ特例 居場所継続支援金（令和3年度）", 200000, date(2021, 4, 1), date(2022, 3, 31),
             date(2021, 5, 31), date(2022, 4, 30), Subsidy.State.REPORTED, "家賃・光熱費。区民の方の遺贈寄付を活用した支援金"),
            ("港北区みんなの助成金 コロナ特例 居場所継続支援金（令和4年度）", 200000, date(2022, 4, 1), date(2023, 3, 31),
             date(2022, 5, 31), date(2023, 4, 30), Subsidy.State.REPORTED, ""),
        ]
        if name.endswith("ゆずの樹"):
            grants.append((f"港北区みんなの助成金（{wareki_fiscal_year(year + 1)}）", 100000, date(year + 1, 4, 1), date(year + 2, 3, 31),
                           date(year + 1, 1, 31), date(year + 2, 4, 30), Subsidy.State.PLANNED,
                           "ランチの食材費と講座の謝礼。申請書は運営委員会で確認してから"))
        else:
            grants.append((f"地域福祉活動助成（{wareki_fiscal_year(year)}）", 80000, date(year, 4, 1), date(year + 1, 3, 31),
                           date(year, 5, 31), date(year + 1, 4, 15), Subsidy.State.GRANTED, "Wi-Fi の通信費とスマホ教室の教材"))
        Subsidy.objects.bulk_create([
            Subsidy(listing=listing, name=g_name, funder=funder, amount=amount, period_start=start, period_end=end,
                    application_deadline=apply_by, report_deadline=report_by, state=state, note=note)
            for g_name, amount, start, end, apply_by, report_by, state, note in grants])


def _kohoku_path() -> str:
    from tsunagu.places.models import Kind, Place

    ward = Place.objects.filter(kind=Kind.WARD, name="港北区").first()
    return ward.path if ward else "-"

