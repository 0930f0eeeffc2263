from vanban.ingest.fields.phong_trao import canonical, quotes

from tests.fields_util import at, record


def test_canonical_ignores_case_punctuation_italics_and_tone_style():
    assert canonical("*Xanh, sạch, đẹp, Bảo đảm an toàn vệ sinh lao động*") == (
        "Xanh - Sạch - Đẹp, bảo đảm an toàn vệ sinh lao động")
    assert canonical("Giỏi việc nước - Đảm việc nhà") == "Giỏi việc nước, đảm việc nhà"
    assert canonical("Cán bộ, công chức, viên chức thi đua thực hiện văn hoá công sở") == (
        "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở")


def test_local_variants_map_to_national():
    assert canonical("Lai Châu cùng cả nước chung sức xây dựng nông thôn mới") == (
        "Cả nước chung sức xây dựng nông thôn mới")
    assert canonical("Bắc Kạn chung sức xây dựng nông thôn mới") == (
        "Cả nước chung sức xây dựng nông thôn mới")
    assert canonical("Doanh nghiệp Lai Châu hội nhập và phát triển") == (
        "Doanh nghiệp Việt Nam hội nhập và phát triển")
    assert canonical("Cán bộ công chức, viên chức tỉnh Lai Châu thi đua thực hiện "
                     "văn hóa công sở") \
        == "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở"


def test_programmes_and_slogans_are_not_movements():
    rec = record("Duy trì các hoạt động xã hội như Chương trình “Mái ấm công đoàn”, “Tháng Công "
                 "nhân”, “Tết Sum vầy”. Với tinh thần “Thi đua là yêu nước, yêu nước thì phải thi "
                 "đua”, phát huy phẩm chất “Tự tin - Tự trọng - Trung hậu - Đảm đang”; gương "
                 "“người tốt, việc tốt”.\n")
    assert rec.phong_trao == []


def test_pattern_pickup_of_unknown_movements_and_lists():
    rec = record("Bên cạnh các phong trào thi đua “Phát huy sáng kiến cải tiến khoa học kỹ thuật”; "
                 "“Công nhân giỏi”,“Sáng kiến sáng tạo, “Dạy tốt, học tốt”. Cuộc vận động "
                 "“Mỗi thầy, cô giáo là một tấm gương đạo đức, tự học và sáng tạo” và phong trào "
                 "thi đua “Đoạn đường nở hoa”.\n")
    assert rec.phong_trao == [
        "Phát huy sáng kiến cải tiến khoa học kỹ thuật", "Công nhân giỏi", "Sáng kiến sáng tạo",
        "Dạy tốt - Học tốt", "Mỗi thầy, cô giáo là một tấm gương đạo đức, tự học và sáng tạo",
        "Đoạn đường nở hoa"]
    assert at(rec, "phong_trao[1]") == "Công nhân giỏi"


def test_unquoted_canonical_name_and_dedup():
    rec = record("Tiếp tục đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; "
                 "phong trào “Lao động giỏi, lao động sáng tạo” và “*Lao động giỏi - Lao động sáng "
                 "tạo*”.\n")
    assert rec.phong_trao == ["Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
                              "Lao động giỏi, Lao động sáng tạo"]


def test_directive_title_in_quotes_is_not_the_campaign():
    rec = record("gắn với Chỉ thị số 03-CT/TW của Bộ Chính trị “Về tiếp tục đẩy mạnh việc học tập "
                 "và làm theo tấm gương đạo đức Hồ Chí Minh”.\n")
    assert rec.phong_trao == []


def test_quotes_across_line_break_and_unclosed():
    text = "phong trào “Đổi mới, sáng tạo trong quản lý, giảng dạy và\nhọc tập” và “A, “B”"
    spans = [text[s:e] for s, e in quotes(text)]
    assert spans == ["Đổi mới, sáng tạo trong quản lý, giảng dạy và\nhọc tập", "A, ", "B"]


def test_quotes_edge_cases() -> None:
    """The quote scanner jumps between quote marks: the rules stay those of a char-by-char scan."""
    cases = {
        'a"b" "c"': ["c"],  # a straight quote after a letter does not open
        '"x" và “y” và “z': ["x", "y"],  # unclosed at the end: dropped
        "“a\n\nb” “c”": ["c"],  # a blank line ends an unclosed quote
        "“a “b”": ["a ", "b"],  # unclosed: ends where the next one opens
        '"': [],
        '_"q"': ["q"],  # underscore is not a letter
    }
    for text, want in cases.items():
        assert [text[s:e] for s, e in quotes(text)] == want, text
