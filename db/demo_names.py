"""Vietnamese names and phrases for the demo district (written with their diacritics)."""

OFFICES = [
    ("vp", "Văn phòng HĐND và UBND"),
    ("tckh", "Phòng Tài chính – Kế hoạch"),
    ("tnmt", "Phòng Tài nguyên và Môi trường"),
    ("nv", "Phòng Nội vụ"),
    ("yt", "Phòng Y tế"),
    ("gddt", "Phòng Giáo dục và Đào tạo"),
    ("tp", "Phòng Tư pháp"),
    ("ttra", "Thanh tra huyện"),
    ("ktht", "Phòng Kinh tế – Hạ tầng"),
    ("nnptnt", "Phòng Nông nghiệp và Phát triển nông thôn"),
    ("vhtt", "Phòng Văn hóa và Thông tin"),
    ("ldtbxh", "Phòng Lao động – Thương binh và Xã hội"),
]

COMMUNES = [
    "Thạch Đài", "Thạch Hội", "Thạch Khê", "Thạch Kênh", "Thạch Lạc", "Thạch Liên", "Thạch Long",
    "Thạch Ngọc", "Thạch Sơn", "Thạch Thắng", "Thạch Trị", "Thạch Văn", "Thạch Xuân", "Thạch Hải",
    "Việt Tiến", "Tân Lâm Hương", "Nam Điền", "Lưu Vĩnh Sơn", "Đỉnh Bàn", "Ngọc Sơn",
]

# For the province-scale data set: commune names built from common place-name parts.
PLACE_FIRST = ["Hòa", "Tân", "Phú", "Bình", "Thạch", "Cẩm", "Kỳ", "Đức", "Hương", "Xuân", "Sơn",
               "Quang", "Thiên", "Hồng", "Gia", "Yên", "Nghi", "Thanh", "Mỹ", "An", "Vĩnh", "Cát", "Lạc",
               "Phúc", "Trường", "Đại"]
PLACE_SECOND = ["Lộc", "Hà", "Thịnh", "Lâm", "Phong", "Hưng", "Mỹ", "Thủy", "Long", "Trung", "Đông",
                "Tây", "Nam", "Bắc", "Hải", "Sơn", "Châu", "Điền", "Quý", "Thành"]
PROVINCE_OFFICES = ["Sở Tài chính", "Sở Nội vụ", "Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Tư pháp",
                    "Sở Xây dựng", "Sở Nông nghiệp và Môi trường", "Sở Khoa học và Công nghệ",
                    "Sở Văn hóa, Thể thao và Du lịch", "Sở Công Thương", "Thanh tra tỉnh",
                    "Văn phòng UBND tỉnh", "Sở Dân tộc và Tôn giáo", "Sở Ngoại vụ"]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Hữu", "Thanh", "Quốc", "Ngọc", "Xuân", "Công"]
GIVEN = ["Hùng", "Lan", "Dũng", "Hương", "Tuấn", "Mai", "Sơn", "Hà", "Long", "Thủy", "Nam", "Hoa",
         "Phong", "Linh", "Quang", "Trang", "Bình", "Yến", "Thắng", "Nga"]

TASK_TITLES = [
    "Báo cáo kết quả giải ngân vốn đầu tư công {period}",
    "Rà soát, cập nhật kế hoạch sử dụng đất năm {year}",
    "Tham mưu kế hoạch cải cách hành chính năm {year}",
    "Giải quyết dứt điểm đơn kiến nghị của công dân về đất đai",
    "Hoàn thiện hồ sơ cấp giấy chứng nhận quyền sử dụng đất đợt {n}",
    "Triển khai tiêm chủng mở rộng đợt {n}",
    "Kiểm tra công tác phòng cháy, chữa cháy tại các cơ sở kinh doanh",
    "Tổng hợp số liệu rà soát hộ nghèo, hộ cận nghèo năm {year}",
    "Xây dựng phương án ứng phó thiên tai, tìm kiếm cứu nạn",
    "Chuẩn bị nội dung phục vụ kỳ họp HĐND",
    "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "Đôn đốc thu ngân sách nhà nước trên địa bàn {period}",
    "Kiểm tra an toàn thực phẩm trong dịp lễ hội",
    "Báo cáo tiến độ xây dựng nông thôn mới nâng cao",
    "Rà soát thủ tục hành chính thuộc thẩm quyền giải quyết",
    "Giải phóng mặt bằng dự án nâng cấp tuyến đường liên xã",
    "Tổ chức đối thoại với Nhân dân về công tác quy hoạch",
    "Thống kê, đánh giá hiện trạng trường lớp trước năm học mới",
    "Kiểm tra việc chấp hành pháp luật về bảo vệ môi trường",
    "Cập nhật cơ sở dữ liệu dân cư phục vụ Đề án 06",
    "Báo cáo sơ kết công tác chuyển đổi số {period}",
    "Hoàn thành chi trả chế độ chính sách cho người có công",
    "Xử lý vi phạm hành chính trong lĩnh vực xây dựng",
    "Tuyên truyền phổ biến giáo dục pháp luật cho Nhân dân",
    "Lập danh sách đối tượng bảo trợ xã hội đợt {n}",
    "Kiểm kê đất đai, lập bản đồ hiện trạng sử dụng đất",
    "Thẩm định hồ sơ đề nghị công nhận gia đình văn hóa",
    "Rà soát, sắp xếp lại trụ sở làm việc dôi dư",
    "Đánh giá chất lượng phục vụ tại Bộ phận Một cửa",
    "Thu gom, xử lý rác thải sinh hoạt tại các khu dân cư",
]

EXPECTED_RESULTS = [
    "Báo cáo bằng văn bản gửi UBND (qua Văn phòng)",
    "Kế hoạch trình lãnh đạo phê duyệt",
    "Hồ sơ hoàn chỉnh, đúng quy định",
    "Biên bản kiểm tra và kiến nghị xử lý",
    "Danh sách, số liệu được cập nhật trên hệ thống",
    "Văn bản trả lời công dân",
]

UPDATE_NOTES = [
    "Đã họp triển khai, phân công cán bộ phụ trách.",
    "Đang tổng hợp số liệu từ các thôn, tổ dân phố.",
    "Đã hoàn thành dự thảo, đang xin ý kiến các bộ phận liên quan.",
    "Đang chờ ý kiến của cơ quan phối hợp.",
    "Đã kiểm tra thực địa, đang hoàn thiện biên bản.",
    "Cơ bản hoàn thành, đang rà soát lần cuối.",
    "Đã gửi báo cáo qua hệ thống quản lý văn bản.",
    "",
]

DONE_NOTES = ["Đã hoàn thành, gửi kết quả về Văn phòng.", "Hoàn thành theo yêu cầu.",
              "Đã trình lãnh đạo ký ban hành."]

EXTENSION_REASONS = ["Chờ số liệu của cơ quan cấp trên.", "Khối lượng hồ sơ lớn, cần thêm thời gian.",
                     "Ảnh hưởng của mưa lũ kéo dài.", "Cán bộ phụ trách đi học tập trung."]

POINT_LABELS_DISTRICT = [
    ("vp", "Quầy 1 – Đất đai"), ("vp", "Quầy 2 – Hộ tịch, chứng thực"),
    ("vp", "Quầy 3 – Đăng ký kinh doanh"), ("vp", "Quầy 4 – Xây dựng"),
    ("tnmt", "Bàn tiếp nhận hồ sơ đất đai"), ("ldtbxh", "Quầy chính sách xã hội"),
    ("tp", "Quầy chứng thực"), ("yt", "Quầy an toàn thực phẩm"),
]

COMMENTS = {
    1: ["Chờ quá lâu mà không được hướng dẫn rõ ràng.", "Cán bộ thái độ chưa niềm nở.",
        "Hồ sơ bị yêu cầu bổ sung nhiều lần."],
    2: ["Thời gian chờ lâu, cần bố trí thêm người.", "Hướng dẫn chưa rõ, phải đi lại nhiều lần."],
    3: ["Tạm được, nhưng cần rút ngắn thời gian chờ.", "Phòng chờ hơi chật."],
    4: ["Cán bộ hướng dẫn tận tình.", "Giải quyết hồ sơ đúng hẹn."],
    5: ["Rất hài lòng, cán bộ nhiệt tình chu đáo.", "Thủ tục nhanh gọn, cảm ơn cán bộ!",
        "Phục vụ chuyên nghiệp, đúng hẹn."],
}

# Citizens' recommendations at the counters, and the units' answers.
RECOMMENDATIONS = [
    "Đề nghị bố trí thêm ghế ngồi ở phòng chờ, buổi sáng nhiều người phải đứng.",
    "Hồ sơ chuyển quyền sử dụng đất của tôi đã quá hẹn trả kết quả 5 ngày, xin cho biết lý do.",
    "Xin niêm yết rõ mức phí, lệ phí từng thủ tục ở bảng tin trước cửa.",
    "Đề nghị mở thêm quầy vào sáng thứ Bảy cho người đi làm.",
    "Cán bộ yêu cầu nộp thêm bản sao giấy tờ không có trong danh mục thủ tục.",
    "Máy lấy số thứ tự bị hỏng từ tuần trước, đề nghị sửa.",
    "Xin hướng dẫn cách nộp hồ sơ trực tuyến trên Cổng dịch vụ công.",
    "Đường vào trụ sở ngập nước khi mưa, người già đi lại khó khăn.",
]
ANSWERS = [
    "Đơn vị đã bố trí thêm 10 ghế ở phòng chờ từ tuần này. Cảm ơn ông/bà đã góp ý.",
    "Hồ sơ chậm do phải xác minh ranh giới thửa đất. Đơn vị xin lỗi và sẽ trả kết quả trước ngày hẹn mới.",
    "Bảng phí, lệ phí đã được niêm yết tại bảng tin và trên trang thông tin điện tử của đơn vị.",
    "Máy lấy số đã được sửa. Đơn vị đã kiểm tra lại toàn bộ thiết bị tại bộ phận một cửa.",
]
