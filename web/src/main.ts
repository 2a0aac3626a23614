import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { i18n } from './locales';
import { router } from './router';
/* ElMessage and ElMessageBox are called from code, not templates, so their styles are
 * imported here rather than by the component resolver. */
import 'element-plus/theme-chalk/base.css';
import 'element-plus/theme-chalk/el-message.css';
import 'element-plus/theme-chalk/el-message-box.css';
import './styles.css';

document.documentElement.lang = i18n.global.locale.value;

createApp(App).use(createPinia()).use(i18n).use(router).mount('#app');
