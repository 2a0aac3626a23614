import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { i18n, setLocale, storedLocale } from './locales';
import { router } from './router';
/* ElMessage and ElMessageBox are called from code, not templates, so their styles are
 * imported here rather than by the component resolver. */
import 'element-plus/theme-chalk/base.css';
import 'element-plus/theme-chalk/el-message.css';
import 'element-plus/theme-chalk/el-message-box.css';
import './styles.css';

const app = createApp(App).use(createPinia()).use(i18n).use(router);
const mount = () => void app.mount('#app');
/* A reader who chose English waits for its chunk (the first page is fetched meanwhile); if it
 * cannot be had, the app opens in Chinese. */
setLocale(storedLocale()).then(mount, mount);
