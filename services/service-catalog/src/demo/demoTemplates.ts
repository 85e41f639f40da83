import type { CategoryCode } from '../domain/categories';

/**
 * What Deqing's list itemises, category by category: organisation themes and item templates (Chinese with
 * English), so the demo reads like the real list. Weights follow the list's shape: most items are social and
 * community services, few are religious.
 */
export type ItemTemplate = {
  zh: string;
  en: string;
  dzh: string;
  den: string;
  minAge?: number;
  maxAge?: number;
  situations: string[];
  feeFen?: number;
};

export type CategoryTemplate = {
  weight: number;
  orgThemes: readonly [zh: string, en: string][];
  items: readonly ItemTemplate[];
};

export const templates: Record<CategoryCode, CategoryTemplate> = {
  education: {
    weight: 12,
    orgThemes: [
      ['青少年教育促进会', 'Youth Education Association'],
      ['老年大学协会', 'Senior University Association'],
      ['家庭教育指导中心', 'Family Education Centre'],
    ],
    items: [
      {
        zh: '四点半课堂课后辅导',
        en: 'After-school homework club',
        dzh: '为双职工家庭小学生提供放学后作业辅导和阅读陪伴',
        den: 'Homework help and reading after school for pupils of working parents',
        minAge: 6,
        maxAge: 12,
        situations: ['双职工家庭'],
      },
      {
        zh: '老年智能手机培训',
        en: 'Smartphone classes for older people',
        dzh: '教老年人使用健康码、移动支付和视频通话',
        den: 'Teaching older people health codes, mobile payment and video calls',
        minAge: 60,
        situations: [],
      },
      {
        zh: '家庭教育讲座',
        en: 'Parenting talks',
        dzh: '面向家长的亲子沟通与家庭教育讲座',
        den: 'Talks for parents on communication with children',
        situations: ['家长'],
      },
    ],
  },
  culture: {
    weight: 11,
    orgThemes: [
      ['文化艺术团', 'Arts Troupe'],
      ['非遗传承协会', 'Intangible Heritage Society'],
      ['读书会', 'Reading Society'],
    ],
    items: [
      {
        zh: '送戏下乡文艺演出',
        en: 'Village theatre performances',
        dzh: '越剧、小品等文艺节目送到村社文化礼堂',
        den: 'Yue opera and sketches performed in village culture halls',
        situations: [],
      },
      {
        zh: '防风文化非遗体验',
        en: 'Fangfeng heritage workshops',
        dzh: '传统手工艺和民俗非遗体验课程',
        den: 'Hands-on traditional crafts and folk heritage',
        situations: [],
      },
      {
        zh: '社区读书分享会',
        en: 'Community book club',
        dzh: '每月一次的读书分享与图书漂流',
        den: 'Monthly reading circle and book swap',
        situations: [],
      },
    ],
  },
  sport: {
    weight: 9,
    orgThemes: [
      ['全民健身协会', 'Fitness for All Association'],
      ['篮球协会', 'Basketball Association'],
      ['太极拳协会', 'Tai Chi Association'],
    ],
    items: [
      {
        zh: '广场舞与健身操教学',
        en: 'Square dance and aerobics lessons',
        dzh: '社区健身指导员带领的免费健身操教学',
        den: 'Free aerobics led by community fitness instructors',
        situations: [],
      },
      {
        zh: '青少年篮球训练营',
        en: 'Youth basketball camp',
        dzh: '暑期青少年篮球基础训练',
        den: 'Summer basketball basics for young people',
        minAge: 8,
        maxAge: 16,
        situations: [],
      },
      {
        zh: '太极拳晨练指导',
        en: 'Morning tai chi',
        dzh: '公园晨练太极拳指导',
        den: 'Guided tai chi in the park each morning',
        minAge: 40,
        situations: [],
      },
    ],
  },
  economy: {
    weight: 8,
    orgThemes: [
      ['农业技术协会', 'Agricultural Technology Association'],
      ['个体劳动者协会', 'Self-employed Workers Association'],
      ['电子商务协会', 'E-commerce Association'],
    ],
    items: [
      {
        zh: '农技咨询与田间指导',
        en: 'Farm advice in the field',
        dzh: '水产养殖和果蔬种植技术田间指导',
        den: 'On-site advice on fish farming and fruit and vegetable growing',
        situations: ['农户'],
      },
      {
        zh: '创业就业指导',
        en: 'Start-up and job guidance',
        dzh: '为返乡青年和失业人员提供创业就业咨询',
        den: 'Advice on starting a business or finding work for returnees and the unemployed',
        minAge: 18,
        situations: ['失业人员', '返乡青年'],
      },
      {
        zh: '农产品电商培训',
        en: 'Selling farm produce online',
        dzh: '直播带货和网店运营培训',
        den: 'Training in live-stream selling and running an online shop',
        minAge: 18,
        situations: [],
        feeFen: 5000,
      },
    ],
  },
  health: {
    weight: 10,
    orgThemes: [
      ['健康促进会', 'Health Promotion Association'],
      ['心理咨询协会', 'Counselling Association'],
      ['红十字志愿服务队', 'Red Cross Volunteer Team'],
    ],
    items: [
      {
        zh: '社区义诊与健康咨询',
        en: 'Free community health check-ups',
        dzh: '测血压血糖、健康咨询和用药指导',
        den: 'Blood pressure and sugar checks, health advice and medicine guidance',
        situations: [],
      },
      {
        zh: '青少年心理辅导',
        en: 'Counselling for young people',
        dzh: '心理咨询师一对一心理疏导',
        den: 'One-to-one counselling with a qualified counsellor',
        minAge: 10,
        maxAge: 18,
        situations: ['学习压力', '家庭变故'],
      },
      {
        zh: '应急救护培训',
        en: 'First-aid training',
        dzh: '心肺复苏和AED使用培训',
        den: 'CPR and defibrillator training',
        minAge: 16,
        situations: [],
      },
    ],
  },
  religion: {
    weight: 2,
    orgThemes: [
      ['佛教协会', 'Buddhist Association'],
      ['基督教协会', 'Christian Association'],
    ],
    items: [
      {
        zh: '宗教团体慈善助困',
        en: 'Charity relief by religious bodies',
        dzh: '依法登记的宗教团体开展的节日慰问和助困活动',
        den: 'Festival visits and relief by lawfully registered religious bodies',
        situations: ['困难家庭'],
      },
    ],
  },
  social_services: {
    weight: 20,
    orgThemes: [
      ['慈善总会', 'Charity Federation'],
      ['助残服务中心', 'Disability Support Centre'],
      ['儿童关爱协会', 'Child Care Association'],
      ['养老服务中心', 'Elderly Care Centre'],
    ],
    items: [
      {
        zh: '困境儿童关爱帮扶',
        en: 'Support for children in difficulty',
        dzh: '为困境儿童提供学习用品、陪伴和个案跟进',
        den: 'School supplies, company and case follow-up for children in difficulty',
        maxAge: 17,
        situations: ['困境儿童', '留守儿童'],
      },
      {
        zh: '居家养老上门服务',
        en: 'Home care for older people',
        dzh: '助餐、助洁、助浴等居家养老服务',
        den: 'Meals, cleaning and bathing help at home',
        minAge: 60,
        situations: ['独居', '失能半失能'],
        feeFen: 2000,
      },
      {
        zh: '残疾人康复辅具借用',
        en: 'Loan of mobility aids',
        dzh: '轮椅、助行器等康复辅具免费借用',
        den: 'Free loan of wheelchairs, walkers and other aids',
        situations: ['残疾人'],
      },
      {
        zh: '困难家庭慈善救助',
        en: 'Charity relief for families in hardship',
        dzh: '对遭遇火灾、重病等急难的家庭开展慈善救助',
        den: 'Charity relief for families hit by fire, serious illness and other emergencies',
        situations: ['低保家庭', '因病致困'],
      },
    ],
  },
  scientific_research: {
    weight: 5,
    orgThemes: [
      ['科学技术协会', 'Science and Technology Association'],
      ['地理信息学会', 'Geographic Information Society'],
    ],
    items: [
      {
        zh: '青少年科普讲座',
        en: 'Science talks for young people',
        dzh: '天文、地理信息和人工智能科普讲座',
        den: 'Talks on astronomy, geographic information and artificial intelligence',
        minAge: 8,
        maxAge: 18,
        situations: [],
      },
      {
        zh: '科技咨询服务',
        en: 'Technical advice for small firms',
        dzh: '为中小企业提供科技政策和技术咨询',
        den: 'Advice on technology and innovation policy for small firms',
        situations: ['中小企业'],
      },
    ],
  },
  community_services: {
    weight: 20,
    orgThemes: [
      ['邻里互助协会', 'Neighbourhood Mutual Aid Association'],
      ['志愿者协会', 'Volunteers Association'],
      ['人民调解协会', 'Mediation Association'],
      ['乡贤参事会', 'Village Elders Council'],
    ],
    items: [
      {
        zh: '独居老人上门探访',
        en: 'Visits to older people living alone',
        dzh: '志愿者每周上门探访，陪伴聊天，检查安全隐患',
        den: 'Weekly visits: company and a home safety check',
        minAge: 70,
        situations: ['独居'],
      },
      {
        zh: '邻里纠纷调解',
        en: 'Neighbour dispute mediation',
        dzh: '人民调解员化解邻里、家庭矛盾纠纷',
        den: 'Mediators help settle disputes between neighbours and within families',
        situations: [],
      },
      {
        zh: '社区志愿服务岗',
        en: 'Community volunteer desk',
        dzh: '代购代办、便民维修等志愿服务',
        den: 'Shopping, errands and small repairs by volunteers',
        situations: [],
      },
      {
        zh: '垃圾分类宣传指导',
        en: 'Waste sorting guidance',
        dzh: '入户宣传和分类投放指导',
        den: 'Door-to-door guidance on sorting household waste',
        situations: [],
      },
    ],
  },
  other: {
    weight: 3,
    orgThemes: [
      ['摄影家协会', 'Photographers Association'],
      ['商会', 'Chamber of Commerce'],
    ],
    items: [
      {
        zh: '老人免费拍摄肖像照',
        en: 'Free portraits for older people',
        dzh: '为高龄老人拍摄肖像和全家福',
        den: 'Portraits and family photos for older people',
        minAge: 80,
        situations: [],
      },
      {
        zh: '法律知识普及',
        en: 'Legal information sessions',
        dzh: '律师志愿者普法讲座和咨询',
        den: 'Volunteer lawyers explain the law and answer questions',
        situations: [],
      },
    ],
  },
};
